using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using ScriptHarness.Extensions.AI;
using ScriptHarness.Extensions.AI.Chat;
using ScriptHarness.Tests.Extensions.AI.Fixtures;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Extensions.AI.Remote;

/// <summary>Remote mode: the delegating client runs its turns on a real <c>serve</c> process over the HTTP API.</summary>
[Collection(ServerCollection.Name)]
public sealed class RemoteModeTests(ServerFixture fixture)
{
    // The key reaches the client through an environment variable, as an app would configure it;
    // the SCRIPTHARNESS prefix keeps it out of the child server's environment (HostProcess strips it).
    private const string KeyVariable = "SCRIPTHARNESS_TEST_REMOTE_KEY";

    private Server Server => fixture.Server;

    [Fact]
    public async Task A_script_round_runs_on_the_server_and_the_model_gets_its_report()
    {
        ScriptedChatClient model = new("Computing.\n<tool-calls>\nconsole.log(\"on the server\");\nreturn 6 * 7;\n</tool-calls>", "It is 42.");
        using IChatClient chat = this.Remote(model);

        ChatResponse response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, "What is 6 * 7?")]);

        Assert.Equal("It is 42.", response.Messages[^1].Text);
        FunctionCallContent call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        FunctionResultContent result = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(call.CallId, result.CallId);
        string report = Assert.IsType<string>(result.Result);
        Assert.StartsWith("status: completed", report);
        Assert.Contains("42", report);
        Assert.Contains("on the server", report);

        // The call id is the run's id on the server, which holds the same report.
        JsonNode run = await this.Server.WaitForReportAsync(call.CallId);
        Assert.Equal("Completed", run["runtimeStatus"]!.GetValue<string>());

        // The model was told the server's tools, and its second request carries the report as the result.
        Assert.Contains("declare const tools", model.Requests[0].Messages[0].Text);
        Assert.Contains("exec", model.Requests[0].Messages[0].Text);
        FunctionResultContent sent = Assert.Single(model.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(report, sent.Result);
    }

    [Fact]
    public async Task Streaming_passes_the_text_through_and_yields_the_server_report()
    {
        ScriptedChatClient model = new("Listing.\n<tool-calls>\nreturn [1, 2].map(x => x * 10);\n</tool-calls>", "Ten and twenty.");
        using IChatClient chat = this.Remote(model);

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Scale them.")]))
        {
            updates.Add(update);
        }

        FunctionResultContent result = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionResultContent>());
        string report = Assert.IsType<string>(result.Result);
        Assert.StartsWith("status: completed", report);
        Assert.Contains("20", report);
        Assert.EndsWith("Ten and twenty.", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(report, Assert.Single(model.Requests[1].Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>()).Result);
    }

    [Fact]
    public async Task An_approval_pause_surfaces_as_a_request_and_the_answer_resumes_the_run_on_the_server()
    {
        string workspace = fixture.Home.NewWorkspace();
        ScriptedChatClient model = new(Scripts.Block(Scripts.AskingCommand), "Checked.");
        using IChatClient chat = this.Remote(model, workspace);
        List<ChatMessage> conversation = [new ChatMessage(ChatRole.User, "Check it.")];

        ChatResponse paused = await chat.GetResponseAsync(conversation);

        Assert.Equal(ScriptHarnessChatClient.AwaitingApprovalReason, paused.AdditionalProperties?[ScriptHarnessChatClient.StopReasonKey]);
        ToolApprovalRequestContent request = Assert.Single(paused.Messages[^1].Contents.OfType<ToolApprovalRequestContent>());
        Assert.Equal("exec", Assert.IsType<FunctionCallContent>(request.ToolCall).Name);
        Assert.False(File.Exists(Path.Combine(workspace, "checked.txt")));
        string runId = Assert.Single(paused.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>(), c => c.Name == "script").CallId;
        JsonNode waiting = await this.Server.GetJsonAsync($"/api/runs/{runId}");
        Assert.Single(waiting["pending"]!.AsArray());

        conversation.AddRange(paused.Messages);
        conversation.Add(new ChatMessage(ChatRole.User, [request.CreateResponse(approved: true, reason: "fine")]));
        ChatResponse resumed = await chat.GetResponseAsync(conversation);

        Assert.Equal("Checked.", resumed.Messages[^1].Text);
        FunctionResultContent result = Assert.Single(resumed.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>());
        Assert.Equal(runId, result.CallId);
        Assert.StartsWith("status: completed", Assert.IsType<string>(result.Result));
        Assert.Equal("checked", File.ReadAllText(Path.Combine(workspace, "checked.txt")).Trim());
        // The server's audit history records the decision with who made it.
        JsonNode history = await this.Server.GetJsonAsync($"/api/runs/{runId}/history");
        Assert.Contains("meai-test", history.ToJsonString());
    }

    [Fact]
    public async Task An_app_function_is_refused_in_remote_mode_with_a_typed_error()
    {
        ScriptedChatClient model = new("unused");
        using IChatClient chat = this.Remote(model);
        ChatOptions options = new() { Tools = [AIFunctionFactory.Create(() => "T-7", "lookup")] };

        ScriptHarnessChatException error = await Assert.ThrowsAsync<ScriptHarnessChatException>(() => chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Look it up.")], options));

        Assert.Equal(ScriptHarnessChatException.FunctionNotOnServerCode, error.Code);
        Assert.Contains("lookup", error.Message);
        Assert.Empty(model.Requests);
    }

    [Fact]
    public async Task A_wrong_key_is_a_typed_server_error_that_does_not_show_the_key()
    {
        const string Wrong = "wrong-key-77e1";
        Environment.SetEnvironmentVariable(KeyVariable + "_WRONG", Wrong);
        ScriptedChatClient model = new("unused");
        using IChatClient chat = new ChatClientBuilder(model)
            .UseScriptHarness(o =>
            {
                o.Server = this.Server.Client.BaseAddress;
                o.ApiKeyVariable = KeyVariable + "_WRONG";
            })
            .Build();

        ScriptHarnessChatException error = await Assert.ThrowsAsync<ScriptHarnessChatException>(() => chat.GetResponseAsync([new ChatMessage(ChatRole.User, "Hi.")]));

        Assert.Equal(ScriptHarnessChatException.ServerErrorCode, error.Code);
        Assert.Contains(((int)HttpStatusCode.Unauthorized).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.DoesNotContain(Wrong, error.Message);
        Assert.Empty(model.Requests);
    }

    private IChatClient Remote(IChatClient model, string? workspace = null)
    {
        Environment.SetEnvironmentVariable(KeyVariable, Server.Key);
        return new ChatClientBuilder(model)
            .UseScriptHarness(o =>
            {
                o.Server = this.Server.Client.BaseAddress;
                o.ApiKeyVariable = KeyVariable;
                o.Workspace = workspace;
                o.DecidedBy = "meai-test";
            })
            .Build();
    }
}
