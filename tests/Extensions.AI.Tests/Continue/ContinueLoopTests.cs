using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using ScriptHarness.Extensions.AI.Chat;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Tests.Extensions.AI.Agent;
using ScriptHarness.Tests.Extensions.AI.Fixtures;

namespace ScriptHarness.Tests.Extensions.AI.Continue;

/// <summary>
/// The loop continues a failed run when the model answers its report with a corrected script: the
/// completed calls the new script repeats are reused, not run again. The model is the real OpenAI
/// client over HTTP to a replay server of recorded Chat Completions responses.
/// </summary>
public sealed class ContinueLoopTests : IAsyncLifetime
{
    private const string ApiKey = "sk-replay-continue";
    private const string Question = "Add up the order amounts of T-1, T-2 and T-3.";
    private const string Reused = "reused from the earlier run (not run again)";

    private const string Failing = """
        <tool-calls>
        const a = await tools.lookup({ id: "T-1" });
        const b = await tools.lookup({ id: "T-2" });
        return a.order.amount + b.order.amount;
        </tool-calls>
        """;

    private const string Fixed = """
        <tool-calls>
        const a = await tools.lookup({ id: "T-1" });
        const b = await tools.lookup({ id: "T-2" });
        return a.orderAmount + b.orderAmount;
        </tool-calls>
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("meai-continue-").FullName;
    private readonly AppFunctions functions = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(this.folder, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_corrected_script_after_a_TypeError_reuses_the_failed_runs_calls_instead_of_repeating_them(bool sqlite)
    {
        await using ReplayServer server = new(Path.Combine(Repo.Root, "tests", "Extensions.AI.Tests", "Continue", "fixtures", "continue-after-typeerror.json"), ApiKey);
        using IChatClient model = new OpenAIClient(new ApiKeyCredential(ApiKey), new OpenAIClientOptions { Endpoint = new Uri(server.BaseUrl) })
            .GetChatClient("gpt-4.1").AsIChatClient();
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions, sqlitePath: sqlite ? Path.Combine(this.folder, "harness.db") : null);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, Question)]);

        Assert.True(server.Problems.Count == 0, string.Join('\n', server.Problems));
        Assert.Equal(3, server.Served);
        Assert.Equal("The three orders add up to 126.", response.Messages[^1].Text);
        // Three lookups ran in the failed run; the corrected script's three were reused, not run again.
        Assert.Equal(3, this.functions.Lookups);

        FunctionCallContent[] scripts = ScriptCalls(response);
        string[] reports = Reports(response);
        Assert.Equal(2, scripts.Length);
        Assert.StartsWith("status: failed", reports[0], StringComparison.Ordinal);
        Assert.Contains("TypeError", reports[0], StringComparison.Ordinal);
        Assert.DoesNotContain(Reused, reports[0], StringComparison.Ordinal);
        Assert.StartsWith("status: completed", reports[1], StringComparison.Ordinal);
        Assert.Equal(3, CountOf(reports[1], Reused));
        Assert.Null(scripts[0].AdditionalProperties);
        Assert.Equal(scripts[0].CallId, scripts[1].AdditionalProperties?[ScriptHarnessChatClient.ContinuedFromKey]);

        // The store says the same: the second run continues the first and reused its three calls.
        RunView? run = await app.Services.GetRequiredService<ScriptRunClient>().GetRunAsync(scripts[1].CallId);
        Assert.Equal(scripts[0].CallId, run?.ContinuedFrom);
        Assert.Equal(3, run?.Output?.Report.Calls.Count(c => c.Reused));
    }

    [Fact]
    public async Task With_the_option_off_the_corrected_script_runs_fresh_and_repeats_the_calls()
    {
        ScriptedChatClient model = new(Failing, Fixed, "Done.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions, configure: o => o.ContinueFailedRuns = false);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, Question)]);

        Assert.Equal("Done.", response.Messages[^1].Text);
        Assert.Equal(4, this.functions.Lookups);
        Assert.DoesNotContain(Reused, Reports(response)[1], StringComparison.Ordinal);
        Assert.Null(ScriptCalls(response)[1].AdditionalProperties);
        Assert.DoesNotContain("When a program fails", model.Requests[0].Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streaming_continues_the_failed_run_too()
    {
        ScriptedChatClient model = new(Failing, Fixed, "84.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions);

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in app.Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Question)]))
        {
            updates.Add(update);
        }

        string[] reports = [.. updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>().Select(r => Assert.IsType<string>(r.Result))];
        Assert.Equal(2, reports.Length);
        Assert.StartsWith("status: failed", reports[0], StringComparison.Ordinal);
        Assert.Equal(2, CountOf(reports[1], Reused));
        Assert.Contains("result: 84", reports[1], StringComparison.Ordinal);
        Assert.Equal(2, this.functions.Lookups);
        Assert.EndsWith("84.", string.Concat(updates.Select(u => u.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_conversation_that_ends_with_a_failed_report_continues_in_a_new_host()
    {
        string database = Path.Combine(this.folder, "harness.db");
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, Question)];
        await using (AgentHost first = await AgentHost.StartAsync(new ScriptedChatClient(Failing), this.folder, this.functions, sqlitePath: database, configure: o => o.MaxRounds = 1))
        {
            ChatResponse stopped = await first.Chat.GetResponseAsync(conversation);
            Assert.Equal(ScriptHarnessChatClient.RoundLimitReason, stopped.AdditionalProperties?[ScriptHarnessChatClient.StopReasonKey]);
            conversation.AddRange(stopped.Messages);
        }

        // Another host knows nothing but the conversation read back from JSON (reports become JSON strings).
        List<ChatMessage> restored = JsonSerializer.Deserialize<List<ChatMessage>>(JsonSerializer.Serialize(conversation, AIJsonUtilities.DefaultOptions), AIJsonUtilities.DefaultOptions)!;
        await using AgentHost second = await AgentHost.StartAsync(new ScriptedChatClient(Fixed, "84."), this.folder, this.functions, sqlitePath: database);

        ChatResponse done = await second.Chat.GetResponseAsync(restored);

        Assert.Equal("84.", done.Messages[^1].Text);
        Assert.Equal(2, CountOf(Reports(done)[0], Reused));
        Assert.Equal(2, this.functions.Lookups);
        Assert.Equal(ScriptCalls(new ChatResponse(conversation))[0].CallId, ScriptCalls(done)[0].AdditionalProperties?[ScriptHarnessChatClient.ContinuedFromKey]);
    }

    [Fact]
    public async Task A_script_after_a_refused_answer_runs_fresh_since_the_refused_run_never_started()
    {
        const string TypeScript = """
            <tool-calls>
            const a: any = await tools.lookup({ id: "T-1" });
            return a;
            </tool-calls>
            """;
        ScriptedChatClient model = new(TypeScript, Fixed, "84.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, Question)]);

        Assert.Equal("84.", response.Messages[^1].Text);
        string[] reports = Reports(response);
        Assert.Contains("typescript-syntax", reports[0], StringComparison.Ordinal);
        Assert.StartsWith("status: completed", reports[1], StringComparison.Ordinal);
        Assert.DoesNotContain(Reused, reports[1], StringComparison.Ordinal);
        Assert.Null(ScriptCalls(response)[1].AdditionalProperties);
        Assert.Equal(2, this.functions.Lookups);
    }

    [Fact]
    public async Task A_script_after_a_new_user_message_starts_fresh_instead_of_continuing()
    {
        ScriptedChatClient model = new(Failing, "It failed: there is no order.amount.", Fixed, "126... I mean 84.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions);
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, Question)];
        ChatResponse failed = await app.Chat.GetResponseAsync(conversation);
        conversation.AddRange(failed.Messages);

        // The user spoke after the failed report: what the tools return may have changed since.
        conversation.Add(new ChatMessage(ChatRole.User, "I fixed the tickets; try again."));
        ChatResponse again = await app.Chat.GetResponseAsync(conversation);

        Assert.StartsWith("status: failed", Reports(failed)[0], StringComparison.Ordinal);
        Assert.StartsWith("status: completed", Reports(again)[0], StringComparison.Ordinal);
        Assert.DoesNotContain(Reused, Reports(again)[0], StringComparison.Ordinal);
        Assert.Equal(4, this.functions.Lookups);
    }

    [Fact]
    public async Task Only_a_reused_call_keeps_its_approval_a_new_one_is_asked()
    {
        // refund is an ApprovalRequiredAIFunction: it asks before every call.
        const string RefundThenFail = """
            <tool-calls>
            const r = await tools.refund({ orderId: "O-1", amount: 42 });
            return r.toUpperCase().missing.length;
            </tool-calls>
            """;
        const string RefundTwice = """
            <tool-calls>
            const r = await tools.refund({ orderId: "O-1", amount: 42 });
            const s = await tools.refund({ orderId: "O-2", amount: 7 });
            return [r, s];
            </tool-calls>
            """;
        ScriptedChatClient model = new(RefundThenFail, RefundTwice, "Both refunded.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions);
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Refund O-1 and O-2.")];

        ChatResponse first = await app.Chat.GetResponseAsync(conversation);
        conversation.AddRange(first.Messages);
        ToolApprovalRequestContent asked = Assert.Single(first.Messages[^1].Contents.OfType<ToolApprovalRequestContent>());
        Assert.Equal("O-1", Argument(asked, "orderId"));
        conversation.Add(new ChatMessage(ChatRole.User, [asked.CreateResponse(approved: true)]));

        // The approved refund runs, the script fails; the corrected script reuses it and asks only for O-2.
        ChatResponse second = await app.Chat.GetResponseAsync(conversation);
        conversation.AddRange(second.Messages);

        Assert.Equal(ScriptHarnessChatClient.AwaitingApprovalReason, second.AdditionalProperties?[ScriptHarnessChatClient.StopReasonKey]);
        Assert.StartsWith("status: failed", Reports(second)[0], StringComparison.Ordinal);
        ToolApprovalRequestContent askedAgain = Assert.Single(second.Messages[^1].Contents.OfType<ToolApprovalRequestContent>());
        Assert.Equal("O-2", Argument(askedAgain, "orderId"));
        Assert.Equal(1, this.functions.Refunds);
        conversation.Add(new ChatMessage(ChatRole.User, [askedAgain.CreateResponse(approved: true)]));

        ChatResponse done = await app.Chat.GetResponseAsync(conversation);

        Assert.Equal("Both refunded.", done.Messages[^1].Text);
        string report = Reports(done)[0];
        Assert.Equal(1, CountOf(report, Reused));
        Assert.Contains("refunded 7 on O-2", report, StringComparison.Ordinal);
        Assert.Equal(2, this.functions.Refunds);
    }

    private static FunctionCallContent[] ScriptCalls(ChatResponse response) =>
        [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Where(c => c.Name == "script")];

    private static string[] Reports(ChatResponse response) =>
        [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => Assert.IsType<string>(r.Result))];

    private static int CountOf(string text, string part) =>
        (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    private static string? Argument(ToolApprovalRequestContent request, string name) =>
        Assert.IsType<FunctionCallContent>(request.ToolCall).Arguments?[name]?.ToString();
}
