using Microsoft.Extensions.AI;
using ScriptHarness.Extensions.AI.Streaming;
using ScriptHarness.Tests.Extensions.AI.Fixtures;

namespace ScriptHarness.Tests.Extensions.AI;

/// <summary>The app's AIFunctions as script tools, several blocks in one answer, and progress while a call runs.</summary>
public sealed class FunctionToolTests : IAsyncLifetime
{
    private readonly string workspace = Directory.CreateTempSubdirectory("meai-functions-").FullName;
    private readonly AppFunctions functions = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(this.workspace, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_function_that_throws_rejects_the_script_promise_with_tool_failed()
    {
        const string Script = """
            <tool-calls>
            try { await tools.broken({}); return "no error"; }
            catch (e) { return e.code + "/" + e.detail + ": " + e.message; }
            </tool-calls>
            """;
        ScriptedChatClient model = new(Script, "It failed.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "try it")]);

        string report = (string)response.Messages[1].Contents.OfType<FunctionResultContent>().Single().Result!;
        Assert.Contains("tool-failed/ai-function-failed: broken failed: disk on fire", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_blocks_in_one_answer_are_two_script_calls_with_their_reports_in_order()
    {
        const string TwoBlocks = """
            First:
            <tool-calls>
            return (await tools.lookup({ id: "A-1" })).id;
            </tool-calls>
            Then:
            <tool-calls>
            return (await tools.lookup({ id: "B-2" })).id;
            </tool-calls>
            """;
        ScriptedChatClient model = new(TwoBlocks, "Both looked up.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions);

        ChatResponse response = await app.Chat.GetResponseAsync([new ChatMessage(ChatRole.User, "two")]);

        FunctionCallContent[] calls = [.. response.Messages[0].Contents.OfType<FunctionCallContent>()];
        FunctionResultContent[] results = [.. response.Messages[1].Contents.OfType<FunctionResultContent>()];
        Assert.Equal(2, calls.Length);
        Assert.Equal(calls.Select(c => c.CallId), results.Select(r => r.CallId));
        Assert.EndsWith("-b0", calls[0].CallId, StringComparison.Ordinal);
        Assert.Equal(0, Convert.ToInt32(calls[0].Arguments!["block"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("\"A-1\"", (string)results[0].Result!, StringComparison.Ordinal);
        Assert.Contains("\"B-2\"", (string)results[1].Result!, StringComparison.Ordinal);
        Assert.Equal(2, this.functions.Lookups);
    }

    [Fact]
    public async Task Streaming_reports_a_running_call_as_progress_before_its_report()
    {
        const string Script = "<tool-calls>\nreturn await tools.slow({});\n</tool-calls>";
        ScriptedChatClient model = new(Script, "Done.");
        await using AgentHost app = await AgentHost.StartAsync(model, this.workspace, this.functions);
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in app.Chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "wait")], cancellationToken: timeout.Token))
        {
            updates.Add(update);
            // The call holds until its progress has been seen: no report can come before it.
            if (update.Contents.OfType<ScriptProgressContent>().Any(p => p.CallsInFlight == 1))
            {
                this.functions.Gate.TrySetResult();
            }
        }

        int progress = updates.FindIndex(u => u.Contents.OfType<ScriptProgressContent>().Any(p => p.CallsInFlight == 1));
        int report = updates.FindIndex(u => u.Contents.OfType<FunctionResultContent>().Any());
        Assert.True(progress >= 0 && report > progress, $"progress at {progress}, report at {report}");
        Assert.Contains("released", (string)updates[report].Contents.OfType<FunctionResultContent>().Single().Result!, StringComparison.Ordinal);
        Assert.EndsWith("Done.", string.Concat(updates.Select(u => u.Text)), StringComparison.Ordinal);
    }
}
