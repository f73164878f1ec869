using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Extensions.AI.Chat;
using ScriptHarness.Extensions.AI.Streaming;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Tests.Extensions.AI.Fixtures;

namespace ScriptHarness.Tests.Extensions.AI;

/// <summary>Approvals through Microsoft.Extensions.AI's own contents, in memory and across a restart on SQLite.</summary>
public sealed class ApprovalTests : IAsyncLifetime
{
    private const string RefundScript = """
        <tool-calls>
        const t = await tools.lookup({ id: "T-7" });
        try {
          return await tools.refund({ orderId: "O-1", amount: t.orderAmount });
        } catch (e) {
          return "refund failed: " + e.code;
        }
        </tool-calls>
        """;

    // A host rule that allows refund: an ApprovalRequiredAIFunction must still ask.
    private static readonly Dictionary<string, string?> AllowRefund = new()
    {
        ["orchestrations:approvals:rules:0:tool"] = "refund",
        ["orchestrations:approvals:rules:0:action"] = "allow",
    };

    private readonly string folder = Directory.CreateTempSubdirectory("meai-approvals-").FullName;
    private readonly AppFunctions functions = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(this.folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_approval_required_function_pauses_the_run_and_the_approval_response_resumes_it()
    {
        ScriptedChatClient model = new(RefundScript, "Refunded.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions, settings: AllowRefund);
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Refund T-7.")];

        ChatResponse paused = await app.Chat.GetResponseAsync(conversation);
        conversation.AddRange(paused.Messages);

        Assert.Equal(ScriptHarnessChatClient.AwaitingApprovalReason, paused.AdditionalProperties?[ScriptHarnessChatClient.StopReasonKey]);
        ToolApprovalRequestContent request = Assert.Single(paused.Messages[^1].Contents.OfType<ToolApprovalRequestContent>());
        FunctionCallContent asked = Assert.IsType<FunctionCallContent>(request.ToolCall);
        Assert.Equal("refund", asked.Name);
        Assert.Equal(42, ((JsonElement)asked.Arguments!["amount"]!).GetInt32());
        Assert.Contains("ApprovalRequiredAIFunction", (string)request.AdditionalProperties!["reason"]!, StringComparison.Ordinal);
        Assert.Equal(0, this.functions.Refunds);
        Assert.Single(model.Requests);

        conversation.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true, reason: "customer verified")]));
        ChatResponse done = await app.Chat.GetResponseAsync(conversation);

        Assert.True(this.functions.Refunds == 1, JsonSerializer.Serialize(done.Messages, AIJsonUtilities.DefaultOptions));
        Assert.Equal("Refunded.", done.Messages[^1].Text);
        string report = (string)done.Messages[0].Contents.OfType<FunctionResultContent>().Single().Result!;
        Assert.Contains("refunded 42 on O-1", report, StringComparison.Ordinal);

        // The model never sees the approval contents; it sees the script call followed by its report.
        List<ChatMessage> sent = model.Requests[1].Messages;
        Assert.DoesNotContain(sent.SelectMany(m => m.Contents), c => c is ToolApprovalRequestContent or ToolApprovalResponseContent);
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool], sent.Select(m => m.Role));
    }

    [Fact]
    public async Task A_denied_call_rejects_the_script_promise_with_approval_denied()
    {
        ScriptedChatClient model = new(RefundScript, "Not refunded.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions);
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Refund T-7.")];

        ChatResponse paused = await app.Chat.GetResponseAsync(conversation);
        conversation.AddRange(paused.Messages);
        ToolApprovalRequestContent request = paused.Messages[^1].Contents.OfType<ToolApprovalRequestContent>().Single();
        conversation.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: false, reason: "no")]));
        ChatResponse done = await app.Chat.GetResponseAsync(conversation);

        Assert.Equal(0, this.functions.Refunds);
        string report = (string)done.Messages[0].Contents.OfType<FunctionResultContent>().Single().Result!;
        Assert.Contains("refund failed: approval-denied", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_the_paused_conversation_back_unanswered_asks_again_and_runs_nothing()
    {
        ScriptedChatClient model = new(RefundScript);
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions);
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Refund T-7.")];
        ChatResponse paused = await app.Chat.GetResponseAsync(conversation);
        conversation.AddRange(paused.Messages);

        ChatResponse again = await app.Chat.GetResponseAsync(conversation);

        ToolApprovalRequestContent first = paused.Messages[^1].Contents.OfType<ToolApprovalRequestContent>().Single();
        ToolApprovalRequestContent second = Assert.Single(again.Messages.Single().Contents.OfType<ToolApprovalRequestContent>());
        Assert.Equal(first.RequestId, second.RequestId);
        Assert.Single(model.Requests);
        Assert.Equal(0, this.functions.Refunds);
    }

    [Fact]
    public async Task A_paused_run_resumes_in_a_new_process_from_the_persisted_conversation_alone()
    {
        string database = Path.Combine(this.folder, "harness.db");
        string saved = Path.Combine(this.folder, "conversation.json");
        ScriptedChatClient firstModel = new(RefundScript);
        await using (AgentHost first = await AgentHost.StartAsync(firstModel, this.folder, this.functions, sqlitePath: database))
        {
            List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Refund T-7.")];
            ChatResponse paused = await first.Chat.GetResponseAsync(conversation);
            conversation.AddRange(paused.Messages);
            await File.WriteAllTextAsync(saved, JsonSerializer.Serialize(conversation, AIJsonUtilities.DefaultOptions));
        }

        // Another host on the same store; it knows nothing but the saved conversation.
        ScriptedChatClient secondModel = new("Refunded after approval.");
        await using AgentHost second = await AgentHost.StartAsync(secondModel, this.folder, this.functions, sqlitePath: database);
        List<ChatMessage> restored = JsonSerializer.Deserialize<List<ChatMessage>>(await File.ReadAllTextAsync(saved), AIJsonUtilities.DefaultOptions)!;
        ToolApprovalRequestContent request = restored[^1].Contents.OfType<ToolApprovalRequestContent>().Single();
        restored.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true)]));

        ChatResponse done = await second.Chat.GetResponseAsync(restored);

        Assert.Equal(1, this.functions.Refunds);
        Assert.Equal(1, this.functions.Lookups);
        Assert.Equal("Refunded after approval.", done.Messages[^1].Text);
        Assert.Contains("refunded 42 on O-1", (string)done.Messages[0].Contents.OfType<FunctionResultContent>().Single().Result!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decision_delivered_before_the_run_reads_it_is_not_asked_again_while_the_watch_waits()
    {
        // The run reads a decision only when a worker runs its next episode. Here no worker runs
        // until the decision is in the store, so every read of the watch before that sees the call
        // decided but not yet processed: the client must not mistake it for a new pause.
        string database = Path.Combine(this.folder, "harness.db");
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Refund T-7.")];
        await using (AgentHost first = await AgentHost.StartAsync(new ScriptedChatClient(RefundScript), this.folder, this.functions, sqlitePath: database))
        {
            ChatResponse paused = await first.Chat.GetResponseAsync(conversation);
            conversation.AddRange(paused.Messages);
        }

        ToolApprovalRequestContent request = conversation[^1].Contents.OfType<ToolApprovalRequestContent>().Single();
        string runId = (string)request.AdditionalProperties!["runId"]!;
        conversation.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true)]));
        ScriptedChatClient model = new("Refunded.");
        await using AgentHost second = await AgentHost.StartAsync(model, this.folder, this.functions, sqlitePath: database, start: false);
        ScriptRunClient runs = second.Services.GetRequiredService<ScriptRunClient>();

        Task<ChatResponse> resumed = second.Chat.GetResponseAsync(conversation);
        RunView? view = null;
        for (int i = 0; i < 600 && !resumed.IsCompleted && view?.Status?.Decided.Any(d => d.Delivered) != true; i++)
        {
            await Task.Delay(50);
            view = await runs.GetRunAsync(runId);
        }

        // A few more reads of the watch with the decision delivered and still unprocessed.
        await Task.Delay(500);
        Assert.False(resumed.IsCompleted, resumed.IsCompleted ? JsonSerializer.Serialize((await resumed).Messages, AIJsonUtilities.DefaultOptions) : null);
        Assert.True(view?.Status?.Decided.Any(d => d.Delivered) == true);
        Assert.Equal(0, this.functions.Refunds);

        await second.StartHostAsync();
        ChatResponse done = await resumed;

        Assert.True(done.AdditionalProperties?.ContainsKey(ScriptHarnessChatClient.StopReasonKey) != true);
        Assert.Equal("Refunded.", done.Messages[^1].Text);
        Assert.Equal(1, this.functions.Refunds);
    }

    [Fact]
    public async Task Streaming_reports_a_pause_as_an_approval_request_and_resumes_on_the_answer()
    {
        ScriptedChatClient model = new(RefundScript, "Refunded.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.folder, this.functions);
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Refund T-7.")];

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in app.Chat.GetStreamingResponseAsync(conversation))
        {
            updates.Add(update);
        }

        ToolApprovalRequestContent request = Assert.Single(updates.SelectMany(u => u.Contents).OfType<ToolApprovalRequestContent>());
        conversation.AddRange(updates.ToChatResponse().Messages);
        conversation.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true)]));

        List<ChatResponseUpdate> resumed = [];
        await foreach (ChatResponseUpdate update in app.Chat.GetStreamingResponseAsync(conversation))
        {
            resumed.Add(update);
        }

        Assert.Equal(1, this.functions.Refunds);
        Assert.Contains(resumed, u => u.Contents.OfType<FunctionResultContent>().Any());
        Assert.EndsWith("Refunded.", string.Concat(resumed.Select(u => u.Text)), StringComparison.Ordinal);
        Assert.DoesNotContain(model.Requests[1].Messages.SelectMany(m => m.Contents), c => c is ScriptProgressContent or ToolApprovalRequestContent);
    }
}
