using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ScriptHarness.Extensions.AI.Chat;
using ScriptHarness.Tests.Extensions.AI.Fixtures;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Extensions.AI.Remote;

/// <summary>Remote mode continues a failed run on the server (<c>POST /api/runs/{id}/continue</c>).</summary>
[Collection(ServerCollection.Name)]
public sealed class RemoteContinueTests(ServerFixture fixture)
{
    private const string KeyVariable = "SCRIPTHARNESS_TEST_REMOTE_CONTINUE_KEY";

    // exec of sh asks under the default policy; the command's side effect is one line per run.
    private const string Append = """await tools.exec({ command: ["sh", "-c", "echo once >> effects.txt"] })""";

    [Fact]
    public async Task A_corrected_script_continues_the_failed_run_on_the_server_the_command_runs_once_and_is_not_asked_again()
    {
        string workspace = fixture.Home.NewWorkspace();
        ScriptedChatClient model = new(
            Scripts.Block($"const r = {Append};\nreturn r.output.trim().length;"),
            Scripts.Block($"const r = {Append};\nreturn r.exitCode;"),
            "Appended once.");
        using IChatClient chat = this.Remote(model, workspace);
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Append once.")];

        ChatResponse paused = await chat.GetResponseAsync(conversation);
        conversation.AddRange(paused.Messages);
        ToolApprovalRequestContent request = Assert.Single(paused.Messages[^1].Contents.OfType<ToolApprovalRequestContent>());
        conversation.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true)]));

        // The approved command runs, the script fails on r.output; the corrected one is not asked about.
        ChatResponse done = await chat.GetResponseAsync(conversation);

        Assert.Equal("Appended once.", done.Messages[^1].Text);
        string[] reports = [.. done.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => Assert.IsType<string>(r.Result))];
        Assert.Equal(2, reports.Length);
        Assert.StartsWith("status: failed", reports[0], StringComparison.Ordinal);
        Assert.Contains("TypeError", reports[0], StringComparison.Ordinal);
        Assert.StartsWith("status: completed", reports[1], StringComparison.Ordinal);
        Assert.Contains("exec (line 1, column 17): ok, reused from the earlier run (not run again)", reports[1], StringComparison.Ordinal);
        Assert.Equal(["once"], File.ReadAllLines(Path.Combine(workspace, "effects.txt")));

        FunctionCallContent[] scripts = [.. conversation.Concat(done.Messages).SelectMany(m => m.Contents).OfType<FunctionCallContent>().Where(c => c.Name == "script")];
        Assert.Equal(2, scripts.Length);
        Assert.Equal(scripts[0].CallId, scripts[1].AdditionalProperties?[ScriptHarnessChatClient.ContinuedFromKey]);
        JsonNode run = await fixture.Server.WaitForReportAsync(scripts[1].CallId);
        Assert.Equal(scripts[0].CallId, run["continuedFrom"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_script_after_a_refused_answer_starts_a_fresh_turn_on_the_server()
    {
        string workspace = fixture.Home.NewWorkspace();
        ScriptedChatClient model = new(Scripts.Block("const n: number = 1;\nreturn n;"), Scripts.Block("return 6 * 7;"), "42.");
        using IChatClient chat = this.Remote(model, workspace);

        ChatResponse response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Compute.")]);

        Assert.Equal("42.", response.Messages[^1].Text);
        string[] reports = [.. response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(r => Assert.IsType<string>(r.Result))];
        Assert.Contains("typescript-syntax", reports[0], StringComparison.Ordinal);
        Assert.StartsWith("status: completed", reports[1], StringComparison.Ordinal);
        FunctionCallContent fresh = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Where(c => c.Name == "script").Last();
        Assert.Null(fresh.AdditionalProperties);
        JsonNode run = await fixture.Server.WaitForReportAsync(fresh.CallId);
        Assert.Null(run["continuedFrom"]);
    }

    private IChatClient Remote(IChatClient model, string workspace)
    {
        Environment.SetEnvironmentVariable(KeyVariable, Server.Key);
        return new ChatClientBuilder(model)
            .UseScriptHarness(o =>
            {
                o.Server = fixture.Server.Client.BaseAddress;
                o.ApiKeyVariable = KeyVariable;
                o.Workspace = workspace;
                o.DecidedBy = "meai-test";
            })
            .Build();
    }
}
