using Microsoft.Extensions.AI;
using ScriptHarness.Extensions.AI;
using ScriptHarness.Extensions.AI.Chat;
using ScriptHarness.Tests.Extensions.AI.Fixtures;

namespace ScriptHarness.Tests.Extensions.AI;

/// <summary>The delegating client's loop on an in-memory worker, with a scripted model.</summary>
public sealed class ChatLoopTests : IAsyncLifetime
{
    private const string LookupScript = """
        I'll look the ticket up.

        <tool-calls>
        const t = await tools.lookup({ id: "T-7" });
        console.log("looked up " + t.id);
        return t;
        </tool-calls>
        """;

    private readonly string workspace = Directory.CreateTempSubdirectory("meai-ws-").FullName;
    private readonly AppFunctions functions = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(this.workspace, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_script_answer_runs_durably_and_the_model_gets_its_report_before_answering()
    {
        ScriptedChatClient model = new(LookupScript, "Ticket T-7 is open.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "What is the state of T-7?")]);

        Assert.Equal("Ticket T-7 is open.", response.Messages[^1].Text);
        Assert.Equal(1, this.functions.Lookups);
        Assert.Equal(2, model.Requests.Count);
        Assert.Equal([ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], response.Messages.Select(m => m.Role));

        // The answer keeps the model's text and records the block as a script call; its report is that call's result.
        FunctionCallContent call = Assert.Single(response.Messages[0].Contents.OfType<FunctionCallContent>());
        Assert.Equal("script", call.Name);
        Assert.Contains("<tool-calls>", response.Messages[0].Text, StringComparison.Ordinal);
        FunctionResultContent result = Assert.Single(response.Messages[1].Contents.OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        string report = Assert.IsType<string>(result.Result);
        Assert.StartsWith("status: completed", report, StringComparison.Ordinal);
        Assert.Contains("\"open\"", report, StringComparison.Ordinal);
        Assert.Contains("looked up T-7", report, StringComparison.Ordinal);

        // The second request is the follow-up: the instructions, the question, the script call and its report, in order.
        List<ChatMessage> second = model.Requests[1].Messages;
        Assert.Equal(ChatRole.System, second[0].Role);
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.Tool], second.Select(m => m.Role));
        Assert.Same(result, second[3].Contents.Single());
        Assert.Equal(20, response.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task The_instructions_declare_the_app_functions_in_TypeScript_from_their_schemas()
    {
        ScriptedChatClient model = new("No script needed.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions, configure: o => o.Preamble = "You are a support agent.");

        ChatResponse response = await app.Chat.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "hi")],
            new ChatOptions { Tools = [this.functions.Lookup, this.functions.Refund] });

        Assert.Equal("No script needed.", response.Text);
        (List<ChatMessage> sent, ChatOptions? options) = Assert.Single(model.Requests);
        string system = sent[0].Text;
        Assert.StartsWith("You are a support agent.", system, StringComparison.Ordinal);
        Assert.Contains("<tool-calls>", system, StringComparison.Ordinal);
        Assert.Contains("declare const tools", system, StringComparison.Ordinal);
        Assert.Contains("lookup(args: LookupArgs): Promise<LookupResult>;", system, StringComparison.Ordinal);
        Assert.Contains("refund(args: RefundArgs)", system, StringComparison.Ordinal);
        Assert.Contains("orderId", system, StringComparison.Ordinal);
        Assert.Contains("Looks a ticket up by id.", system, StringComparison.Ordinal);
        // The functions are script tools now: the model is not offered them as function calls.
        Assert.Null(options?.Tools);
    }

    [Fact]
    public async Task Above_the_discovery_threshold_the_prompt_lists_names_and_summaries_and_a_durable_script_describes_a_tool()
    {
        ScriptedChatClient model = new("""
            <tool-calls>
            const d = tools.$describe("lookup");
            return { call: d.call, id: d.parameters.properties.id.type, hits: tools.$search("lookup").map(h => h.name) };
            </tool-calls>
            """, "done");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions, configure: o => o.ToolDiscoveryThreshold = 3);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        string system = model.Requests[0].Messages[0].Text;
        Assert.Contains("listed by name and summary only", system, StringComparison.Ordinal);
        Assert.Contains("$describe(name: string): ToolDescription;", system, StringComparison.Ordinal);
        Assert.Contains("lookup(args: object): Promise<unknown>;", system, StringComparison.Ordinal);
        Assert.DoesNotContain("LookupArgs", system, StringComparison.Ordinal);

        // Answered inside the run, without a tool call: the report lists no call.
        string report = Assert.IsType<string>(Assert.Single(response.Messages[1].Contents.OfType<FunctionResultContent>()).Result);
        Assert.StartsWith("status: completed", report, StringComparison.Ordinal);
        Assert.Contains("\"call\":\"tools.lookup\"", report, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"string\"", report, StringComparison.Ordinal);
        Assert.Contains("\"hits\":[\"lookup\"", report, StringComparison.Ordinal);
        Assert.DoesNotContain("calls (", report, StringComparison.Ordinal);
        Assert.Equal(0, this.functions.Lookups);
    }

    [Fact]
    public async Task A_function_in_ChatOptions_that_the_harness_does_not_run_is_refused_with_a_code()
    {
        ScriptedChatClient model = new("unused");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions);
        AIFunction stranger = AIFunctionFactory.Create(() => "x", "stranger");

        ScriptHarnessChatException error = await Assert.ThrowsAsync<ScriptHarnessChatException>(() =>
            app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], new ChatOptions { Tools = [stranger] }));

        Assert.Equal(ScriptHarnessChatException.ToolNotRegisteredCode, error.Code);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task The_round_limit_stops_a_model_that_keeps_writing_scripts()
    {
        ScriptedChatClient model = new(LookupScript, LookupScript, LookupScript);
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions, configure: o => o.MaxRounds = 2);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "loop")]);

        Assert.Equal(2, model.Requests.Count);
        Assert.Equal(2, this.functions.Lookups);
        Assert.Equal(ScriptHarnessChatClient.RoundLimitReason, response.AdditionalProperties?[ScriptHarnessChatClient.StopReasonKey]);
        Assert.Equal(ChatRole.Tool, response.Messages[^1].Role);
    }

    [Fact]
    public async Task A_TypeScript_block_is_refused_before_anything_runs_and_the_model_is_told_why()
    {
        const string TypeScript = """
            <tool-calls>
            const t: any = await tools.lookup({ id: "T-7" });
            return t;
            </tool-calls>
            """;
        ScriptedChatClient model = new(TypeScript, "Sorry.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "go")]);

        Assert.Equal(0, this.functions.Lookups);
        string report = Assert.IsType<string>(response.Messages[1].Contents.OfType<FunctionResultContent>().Single().Result);
        Assert.StartsWith("status: failed", report, StringComparison.Ordinal);
        Assert.Contains("typescript-syntax", report, StringComparison.Ordinal);
        Assert.Equal("Sorry.", response.Messages[^1].Text);
    }

    [Fact]
    public async Task Tags_inside_a_code_fence_are_text_and_never_run()
    {
        const string Fenced = "Here is how you would do it:\n\n```\n<tool-calls>\nawait tools.lookup({ id: \"T-7\" });\n</tool-calls>\n```\n";
        ScriptedChatClient model = new(Fenced);
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "show me")]);

        Assert.Equal(0, this.functions.Lookups);
        Assert.Single(model.Requests);
        Assert.Empty(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
    }

    [Fact]
    public async Task Streaming_passes_the_text_through_then_the_report_then_the_next_answer()
    {
        ScriptedChatClient model = new(LookupScript, "Ticket T-7 is open.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions);

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in app.Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "state of T-7?")]))
        {
            updates.Add(update);
        }

        // The model's chunks arrive as they were streamed, before the script's report.
        int firstChunk = updates.FindIndex(u => u.Text.Length > 0);
        int report = updates.FindIndex(u => u.Contents.OfType<FunctionResultContent>().Any());
        Assert.True(firstChunk >= 0 && report > firstChunk);
        Assert.Equal(LookupScript, string.Concat(updates.Take(report).Where(u => u.Role == ChatRole.Assistant).Select(u => u.Text)));
        Assert.Contains(updates.Take(report), u => u.Contents.OfType<FunctionCallContent>().Any(c => c.Name == "script"));
        Assert.EndsWith("Ticket T-7 is open.", string.Concat(updates.Skip(report).Select(u => u.Text)), StringComparison.Ordinal);

        ChatResponse whole = updates.ToChatResponse();
        Assert.StartsWith("status: completed", (string)whole.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single().Result!, StringComparison.Ordinal);
        Assert.Equal(1, this.functions.Lookups);
    }
}
