using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.McpServing;

/// <summary><c>scriptharness mcp</c> over stdio, driven by the SDK's McpClient: pause, decide, reconnect, elicitation, errors.</summary>
public sealed class McpStdioServerTests : IDisposable
{
    private readonly TempHome home = new();

    public McpStdioServerTests()
    {
        McpTestClients.WriteAskingHostJson(this.home);
    }

    [Fact]
    public async Task Run_script_pauses_for_approval_and_decide_call_completes_it_with_progress()
    {
        await using McpClient client = await McpTestClients.StdioAsync(this.home);
        CollectedProgress progress = new();
        JsonNode turn = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = McpTestClients.AskingScript, ["askUser"] = false }, progress: progress);

        Assert.Equal("paused", turn["status"]!.GetValue<string>());
        JsonNode run = turn["runs"]![0]!;
        JsonNode pending = run["pending"]![0]!;
        Assert.Equal(1, pending["callId"]!.GetValue<int>());
        Assert.Equal("readFile", pending["tool"]!.GetValue<string>());
        Assert.Equal("approval", pending["kind"]!.GetValue<string>());
        await WaitUntilAsync(() => !progress.Values.IsEmpty); // a notification may be dispatched just after the answer

        string id = run["instanceId"]!.GetValue<string>();
        CollectedProgress more = new();
        JsonNode done = await McpTestClients.CallAsync(client, "decide_call", new() { ["instanceId"] = id, ["callId"] = 1, ["decision"] = "approve", ["reason"] = "looked fine" }, progress: more);

        Assert.Equal("delivered", done["decision"]!.GetValue<string>());
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        long length = new FileInfo(Path.Combine(this.home.Workspace, "README.md")).Length;
        Assert.Equal(length, done["report"]!["result"]!.GetValue<long>());
        JsonNode approval = done["report"]!["approvals"]![0]!["decision"]!;
        Assert.Equal("mcp:stdio-test", approval["decidedBy"]!.GetValue<string>());
        Assert.Equal("looked fine", approval["reason"]!.GetValue<string>());

        // Progress values only increase (the spec's rule for one progress token).
        double[] values = [.. progress.Values.Select(v => (double)v.Progress)];
        Assert.Equal(values.Order(), values);
    }

    [Fact]
    public async Task Continue_run_reuses_the_failed_runs_approved_call_without_asking_again()
    {
        await using McpClient client = await McpTestClients.StdioAsync(this.home);
        JsonNode turn = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = "await tools.readFile({ path: 'README.md' }); notDefined();", ["askUser"] = false });
        string id = turn["runs"]![0]!["instanceId"]!.GetValue<string>();
        JsonNode failed = await McpTestClients.CallAsync(client, "decide_call", new() { ["instanceId"] = id, ["callId"] = 1, ["decision"] = "approve" });
        Assert.Equal("failed", failed["status"]!.GetValue<string>());

        JsonNode continued = await McpTestClients.CallAsync(client, "continue_run", new() { ["instanceId"] = id, ["script"] = McpTestClients.AskingScript, ["askUser"] = false });

        Assert.Equal("completed", continued["status"]!.GetValue<string>());
        JsonNode report = continued["runs"]![0]!["report"]!;
        Assert.Equal(new FileInfo(Path.Combine(this.home.Workspace, "README.md")).Length, report["result"]!.GetValue<long>());
        Assert.True(report["calls"]![0]!["reused"]!.GetValue<bool>());

        JsonNode running = await McpTestClients.CallAsync(client, "continue_run", new() { ["instanceId"] = "sh-00000000000000000000-b0", ["script"] = "return 1;" }, expectError: true);
        Assert.Contains("not-found", running.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_disconnects_while_a_run_waits_finds_and_decides_it_from_a_new_process()
    {
        string id;
        await using (McpClient first = await McpTestClients.StdioAsync(this.home, name: "first"))
        {
            JsonNode turn = await McpTestClients.CallAsync(first, "run_script", new() { ["script"] = McpTestClients.AskingScript, ["conversationId"] = "reconnect", ["turnId"] = "t1" });
            Assert.Equal("paused", turn["status"]!.GetValue<string>());
            id = turn["runs"]![0]!["instanceId"]!.GetValue<string>();
        }

        // A new server process (the first one ended with its client) on the same store.
        await using McpClient second = await McpTestClients.StdioAsync(this.home, name: "second");
        JsonNode found = await McpTestClients.CallAsync(second, "get_run", new() { ["instanceId"] = id });
        Assert.Equal("paused", found["status"]!.GetValue<string>());
        Assert.Equal(1, found["pending"]![0]!["callId"]!.GetValue<int>());

        // Starting the same turn again returns the same run instead of a second one.
        JsonNode again = await McpTestClients.CallAsync(second, "run_script", new() { ["script"] = McpTestClients.AskingScript, ["conversationId"] = "reconnect", ["turnId"] = "t1", ["waitSeconds"] = 0 });
        Assert.True(again["alreadyStarted"]!.GetValue<bool>());
        Assert.Equal(id, again["runs"]![0]!["instanceId"]!.GetValue<string>());

        JsonNode done = await McpTestClients.CallAsync(second, "decide_call", new() { ["instanceId"] = id, ["callId"] = 1, ["decision"] = "deny", ["reason"] = "not today" });
        // The script did not catch the denial: it failed, and the report says why.
        Assert.Equal("failed", done["status"]!.GetValue<string>());
        Assert.Contains("approval-denied", done["report"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("mcp:second", done["report"]!["approvals"]![0]!["decision"]!["decidedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_with_elicitation_is_asked_and_its_answer_decides_the_call()
    {
        List<string> asked = [];
        await using McpClient client = await McpTestClients.StdioAsync(this.home, (request, _) =>
        {
            asked.Add(request!.Message);
            Assert.Contains("decision", request.RequestedSchema!.Properties.Keys);
            return ValueTask.FromResult(new ElicitResult
            {
                Action = "accept",
                Content = new Dictionary<string, JsonElement>
                {
                    ["decision"] = JsonSerializer.SerializeToElement("approve"),
                    ["scope"] = JsonSerializer.SerializeToElement("call"),
                    ["reason"] = JsonSerializer.SerializeToElement("asked the user"),
                },
            });
        }, name: "eliciting");

        JsonNode turn = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = McpTestClients.AskingScript });

        Assert.Equal("completed", turn["status"]!.GetValue<string>());
        string message = Assert.Single(asked);
        Assert.Contains("readFile", message, StringComparison.Ordinal);
        JsonNode decision = turn["runs"]![0]!["report"]!["approvals"]![0]!["decision"]!;
        Assert.Equal("mcp:eliciting", decision["decidedBy"]!.GetValue<string>());
        Assert.Equal("asked the user", decision["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_who_declines_the_elicitation_leaves_the_run_paused()
    {
        await using McpClient client = await McpTestClients.StdioAsync(this.home, (_, _) => ValueTask.FromResult(new ElicitResult { Action = "decline" }));
        JsonNode turn = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = McpTestClients.AskingScript });
        Assert.Equal("paused", turn["status"]!.GetValue<string>());
        Assert.Equal("readFile", turn["runs"]![0]!["pending"]![0]!["tool"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_input_is_a_tool_error_with_a_stable_code()
    {
        await using McpClient client = await McpTestClients.StdioAsync(this.home);

        JsonNode syntax = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = "return (;" }, expectError: true);
        Assert.Equal("syntax", syntax["error"]!["code"]!.GetValue<string>());

        JsonNode typescript = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = "const x: number = 1; return x;" }, expectError: true);
        Assert.Equal("typescript-syntax", typescript["error"]!["code"]!.GetValue<string>());

        JsonNode both = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = "return 1;", ["output"] = "text" }, expectError: true);
        Assert.Equal("invalid-request", both["error"]!["code"]!.GetValue<string>());

        JsonNode noScript = await McpTestClients.CallAsync(client, "run_script", new() { ["output"] = "Just text, no tags." }, expectError: true);
        Assert.Equal("no-script", noScript["error"]!["code"]!.GetValue<string>());

        JsonNode outside = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = "return 1;", ["workspace"] = "/" }, expectError: true);
        Assert.Equal("invalid-request", outside["error"]!["code"]!.GetValue<string>());
        Assert.Equal("workspace", outside["error"]!["field"]!.GetValue<string>());

        JsonNode missing = await McpTestClients.CallAsync(client, "get_run", new() { ["instanceId"] = "sh-nothing-here" }, expectError: true);
        Assert.Equal("not-found", missing["error"]!["code"]!.GetValue<string>());

        JsonNode unknownCall = await McpTestClients.CallAsync(client, "decide_call", new() { ["instanceId"] = "sh-nothing-here", ["callId"] = 1, ["decision"] = "approve" }, expectError: true);
        Assert.Equal("not-found", unknownCall["error"]!["code"]!.GetValue<string>());

        JsonNode badWait = await McpTestClients.CallAsync(client, "get_run", new() { ["instanceId"] = "x", ["waitSeconds"] = 100000 }, expectError: true);
        Assert.Equal("waitSeconds", badWait["error"]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_model_output_with_two_blocks_runs_both_in_order()
    {
        await using McpClient client = await McpTestClients.StdioAsync(this.home);
        string output = "First.\n<tool-calls>\nreturn 1;\n</tool-calls>\nThen.\n<tool-calls>\nreturn 2;\n</tool-calls>";
        JsonNode turn = await McpTestClients.CallAsync(client, "run_script", new() { ["output"] = output });
        Assert.Equal("completed", turn["status"]!.GetValue<string>());
        Assert.Equal([1, 2], turn["runs"]!.AsArray().Select(r => r!["report"]!["result"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_block_after_a_paused_one_answers_not_started_in_kebab_case_like_every_wire_value()
    {
        await using McpClient client = await McpTestClients.StdioAsync(this.home);
        string output = $"First.\n<tool-calls>\n{McpTestClients.AskingScript}\n</tool-calls>\nThen.\n<tool-calls>\nreturn 2;\n</tool-calls>";
        JsonNode turn = await McpTestClients.CallAsync(client, "run_script", new() { ["output"] = output, ["askUser"] = false });

        Assert.Equal("paused", turn["status"]!.GetValue<string>());
        JsonArray runs = turn["runs"]!.AsArray();
        Assert.Equal(2, runs.Count);
        Assert.Equal("paused", runs[0]!["status"]!.GetValue<string>());
        Assert.Equal("not-started", runs[1]!["status"]!.GetValue<string>());
        Assert.Null(runs[1]!["report"]);

        // get_run on the turn answers the same.
        JsonNode again = await McpTestClients.CallAsync(client, "get_run", new() { ["instanceId"] = turn["turnId"]!.GetValue<string>() });
        Assert.Equal("not-started", again["runs"]![1]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tools_are_annotated_and_every_input_is_described_and_list_tools_holds_the_declaration()
    {
        await using McpClient client = await McpTestClients.StdioAsync(this.home);
        IList<McpClientTool> tools = await client.ListToolsAsync();
        Assert.Equal(["continue_run", "decide_call", "get_run", "run_script"], tools.Select(t => t.Name).Order());
        Dictionary<string, Tool> byName = tools.ToDictionary(t => t.Name, t => t.ProtocolTool);
        Assert.True(byName["get_run"].Annotations!.ReadOnlyHint);
        Assert.False(byName["run_script"].Annotations!.ReadOnlyHint);
        Assert.True(byName["run_script"].Annotations!.DestructiveHint);
        Assert.False(byName["decide_call"].Annotations!.ReadOnlyHint);
        foreach (Tool tool in byName.Values)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            foreach (JsonProperty property in tool.InputSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.True(property.Value.TryGetProperty("description", out _), $"{tool.Name}.{property.Name} has no description");

                // One type per property: portable to clients that map schemas onto a single-type dialect.
                Assert.Equal(JsonValueKind.String, property.Value.GetProperty("type").ValueKind);
            }
        }

        Assert.Equal(["approve", "deny"], byName["decide_call"].InputSchema.GetProperty("properties").GetProperty("decision").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));

        ReadResourceResult resource = await client.ReadResourceAsync("scriptharness://tools.d.ts");
        string declaration = Assert.IsType<TextResourceContents>(Assert.Single(resource.Contents)).Text;
        HostProcess cli = await HostProcess.RunAsync(this.home.Root, null, "tools", "--typescript", "--config", this.home.HostJson);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(cli.Stdout.TrimEnd(), declaration.TrimEnd());
        Assert.Contains("readFile", declaration, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_question_the_user_is_asked_shows_control_and_bidi_characters_escaped()
    {
        List<string> asked = [];
        await using McpClient client = await McpTestClients.StdioAsync(this.home, (request, _) =>
        {
            asked.Add(request!.Message);
            return ValueTask.FromResult(new ElicitResult { Action = "cancel" });
        });

        // A path built to read backwards on screen (U+202E) and to erase the line (ESC, CR).
        JsonNode turn = await McpTestClients.CallAsync(client, "run_script", new() { ["script"] = "return await tools.readFile({ path: 'safe\\u202e\\u001b[2K\\rtxt.md' });" });

        Assert.Equal("paused", turn["status"]!.GetValue<string>());
        string message = Assert.Single(asked);
        Assert.DoesNotContain('\u202e', message);
        Assert.DoesNotContain('\u001b', message);
        Assert.DoesNotContain('\r', message);
        Assert.Contains("\\u202e", message, StringComparison.Ordinal);
    }

    public void Dispose() => this.home.Dispose();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
