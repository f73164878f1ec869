using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary>
/// host.json <c>tools</c> through <c>serve</c>: a command-backed tool (a real program in the
/// sandbox, arguments on stdin, result on stdout), a host-resolved tool answered by the test over
/// HTTP, both declared to the model and judged by the policy by their declared effect.
/// </summary>
public sealed class HostJsonToolsTests : IAsyncLifetime
{
    private const string WordCount = """
        #!/usr/bin/python3
        import json, os, sys
        args = json.load(sys.stdin)
        if args.get("fail"):
            print("boom: " + args["text"], file=sys.stderr)
            sys.exit(3)
        if args.get("garbage"):
            print("not json")
            sys.exit(0)
        print(json.dumps({"words": len(args["text"].split()), "cwd": os.getcwd(), "home": os.environ.get("HOME")}))
        """;

    private readonly TempHome home = new();
    private Server server = null!;

    public async Task InitializeAsync()
    {
        string tools = Path.Combine(this.home.Root, "tools");
        Directory.CreateDirectory(tools);
        string program = Path.Combine(tools, "wordcount.py");
        await File.WriteAllTextAsync(program, WordCount.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        this.home.WriteHostJson(new JsonObject { ["tools"] = JsonNode.Parse(ToolsSection("./tools/wordcount.py")) });
        this.server = new Server(this.home);
        await this.server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await this.server.DisposeAsync();
        this.home.Dispose();
    }

    [Fact]
    public async Task A_command_tool_gets_its_arguments_on_stdin_in_the_sandbox_and_its_JSON_output_is_the_result()
    {
        string workspace = this.home.NewWorkspace();
        (_, string[] runs) = await this.server.StartTurnAsync(Scripts.Block("""return await tools.wordCount({ text: "one two three" });"""), workspace);

        // Declared read-only: the default policy runs it without asking.
        JsonNode report = (await this.server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.True(report["status"]!.GetValue<string>() == "completed", report.ToJsonString());
        Assert.Equal(3, report["result"]!["words"]!.GetValue<int>());
        Assert.Equal(workspace, report["result"]!["cwd"]!.GetValue<string>());
        Assert.Equal("/tmp", report["result"]!["home"]!.GetValue<string>());
        Assert.Empty(report["approvals"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task A_failing_or_garbled_command_fails_the_call_with_a_typed_error_the_script_catches()
    {
        string script = """
            const out = [];
            try { await tools.wordCount({ text: "x y", fail: true }); } catch (e) { out.push(e.code + " " + e.message); }
            try { await tools.wordCount({ text: "x y", garbage: true }); } catch (e) { out.push(e.code + " " + e.message); }
            try { await tools.wordCount({ text: 42 }); } catch (e) { out.push(e.code); }
            return out;
            """;
        (_, string[] runs) = await this.server.StartTurnAsync(Scripts.Block(script));
        JsonNode report = (await this.server.WaitForReportAsync(runs[0]))["report"]!;
        string[] errors = [.. report["result"]!.AsArray().Select(e => e!.GetValue<string>())];
        Assert.StartsWith("tool-failed", errors[0], StringComparison.Ordinal);
        Assert.Contains("exited with code 3", errors[0], StringComparison.Ordinal);
        Assert.Contains("boom: x y", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("tool-failed", errors[1], StringComparison.Ordinal);
        Assert.Contains("not one JSON value", errors[1], StringComparison.Ordinal);

        // Arguments that do not match the declared schema never reach the program.
        Assert.Equal("tool-validation", errors[2]);
    }

    [Fact]
    public async Task A_command_tool_retries_the_failures_its_retry_names_transient_and_the_report_shows_the_attempts()
    {
        string script = """
            const out = [];
            try { await tools.wordCount({ text: "x y", fail: true }); } catch (e) { out.push(e.detail); }
            try { await tools.wordCount({ text: "x y", garbage: true }); } catch (e) { out.push(e.detail); }
            return out;
            """;
        (_, string[] runs) = await this.server.StartTurnAsync(Scripts.Block(script));
        JsonNode report = (await this.server.WaitForReportAsync(runs[0]))["report"]!;

        // command-failed is transient for wordCount: tried twice; garbled output is not: once.
        Assert.Equal(["command-failed", "command-output-invalid"], report["result"]!.AsArray().Select(e => e!.GetValue<string>()));
        JsonArray calls = report["calls"]!.AsArray();
        Assert.Equal(2, calls[0]!["attempts"]!.GetValue<int>());
        Assert.Equal(1, calls[1]!["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_host_resolved_tool_waits_for_the_result_the_client_posts()
    {
        (_, string[] runs) = await this.server.StartTurnAsync(Scripts.Block("""const t = await tools.lookupTicket({ id: "T-7" }); return t.title + " (" + t.id + ")";"""));
        JsonNode waiting = await this.server.WaitForRunAsync(runs[0], v => v["pending"] is JsonArray { Count: > 0 } p && p[0]!["kind"]!.GetValue<string>() == "result");
        Assert.Equal("awaiting-result", waiting["phase"]!.GetValue<string>());
        JsonNode call = waiting["pending"]![0]!;
        Assert.Equal("lookupTicket", call["tool"]!.GetValue<string>());
        Assert.Equal("T-7", call["args"]!["id"]!.GetValue<string>());

        (HttpResponseMessage posted, JsonNode? body) = await this.server.PostAsync($"/api/runs/{runs[0]}/calls/{call["callId"]!.GetValue<int>()}/result", new { result = new { id = "T-7", title = "Printer on fire" } });
        Assert.True(posted.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        JsonNode report = (await this.server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("Printer on fire (T-7)", report["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tool_that_declares_a_write_is_asked_about_and_a_denial_never_runs_it()
    {
        string workspace = this.home.NewWorkspace();
        (_, string[] runs) = await this.server.StartTurnAsync(Scripts.Block("""try { await tools.stamp({ text: "a b" }); return "ran"; } catch (e) { return e.code; }"""), workspace);
        JsonNode waiting = await this.server.WaitForApprovalAsync(runs[0], 1);
        Assert.Equal("stamp", waiting["pending"]![0]!["tool"]!.GetValue<string>());
        await this.server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "deny", reason = "not now" });
        JsonNode report = (await this.server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("approval-denied", report["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_tools_are_declared_to_the_model_with_their_descriptions_and_schemas()
    {
        string typescript = (await this.server.GetJsonAsync("/api/tools"))["typescript"]!.GetValue<string>();
        Assert.Contains("Counts the words of a text.", typescript, StringComparison.Ordinal);
        Assert.Contains("wordCount(", typescript, StringComparison.Ordinal);
        Assert.Contains("lookupTicket(", typescript, StringComparison.Ordinal);
        Assert.Contains("Looks a ticket up in the tracker.", typescript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Above_the_discovery_threshold_every_door_declares_names_and_summaries_and_a_script_describes_a_tool()
    {
        using TempHome large = new();
        large.WriteHostJson(new JsonObject
        {
            ["toolDiscovery"] = new JsonObject { ["threshold"] = 3 },
            ["tools"] = JsonNode.Parse("""[{ "name": "lookupTicket", "description": "Looks a ticket up in the tracker. Slow on Mondays.", "kind": "host-resolved", "parameters": { "type": "object", "properties": { "id": { "type": "string" } }, "required": ["id"] } }]"""),
        });
        await using HostProcess cli = await HostProcess.RunAsync(large.Root, null, "tools", "--typescript", "--config", large.HostJson);
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Contains("7 tools, listed by name and summary only", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("/** Looks a ticket up in the tracker. */", cli.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Slow on Mondays", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("$describe(name: string): ToolDescription;", cli.Stdout, StringComparison.Ordinal);

        // This server's host.json has no threshold: the full declaration; every run has $describe.
        JsonNode declared = await this.server.GetJsonAsync("/api/tools");
        Assert.DoesNotContain("listed by name and summary only", declared["typescript"]!.GetValue<string>(), StringComparison.Ordinal);
        (_, string[] runs) = await this.server.StartTurnAsync(Scripts.Block("""const d = tools.$describe("lookupTicket"); return [d.kind, d.parameters.required[0], tools.$search("ticket")[0].name];"""));
        JsonNode report = (await this.server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("""["host-resolved","id","lookupTicket"]""", report["result"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""[{ "name": "wordCount", "description": "d", "kind": "command", "parameters": { "type": "object" }, "command": ["./no-such-program"] }]""", "tools[0]:command")]
    [InlineData("""[{ "name": "readFile", "description": "d", "kind": "host-resolved", "parameters": { "type": "object" } }]""", "tools[0]:name")]
    [InlineData("""[{ "name": "x", "description": "d", "kind": "host-resolved", "parameters": { "type": "object", "properties": { "a": { "type": 12 } } } }]""", "tools[0]:parameters")]
    [InlineData("""[{ "name": "x", "description": "d", "kind": "host-resolved" }]""", "tools[0]:parameters")]
    [InlineData("""[{ "name": "x", "description": "d", "kind": "command", "parameters": { "type": "object" } }]""", "tools[0]:command")]
    [InlineData("""[{ "name": "x", "description": "d", "kind": "shell", "parameters": { "type": "object" } }]""", "tools[0]:kind")]
    [InlineData("""[{ "name": "x", "description": "d", "kind": "host-resolved", "parameters": { "type": "object" }, "effect": ["delete"] }]""", "tools[0]:effect")]
    [InlineData("""[{ "name": "x", "description": "d", "kind": "host-resolved", "parameters": { "type": "object" }, "retry": { "attempts": 2 } }]""", "tools[0]:retry")]
    public async Task A_bad_tools_entry_fails_start_up_with_the_configuration_code_and_names_the_key(string tools, string key)
    {
        using TempHome bad = new();
        bad.WriteHostJson(new JsonObject { ["tools"] = JsonNode.Parse(tools) });
        await using HostProcess cli = await HostProcess.RunAsync(bad.Root, null, "tools", "--typescript", "--config", bad.HostJson);
        Assert.True(cli.ExitCode == 78, $"exit {cli.ExitCode}: {cli.Stderr}");
        Assert.Contains(key, cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_environment_variable_overrides_a_tool_and_a_bad_one_fails_start_up_naming_the_key()
    {
        using TempHome home = new();
        home.WriteHostJson(new JsonObject { ["tools"] = JsonNode.Parse("""[{ "name": "lookup", "description": "Looks a ticket up.", "kind": "host-resolved", "parameters": { "type": "object" } }]""") });
        await using HostProcess good = await HostProcess.RunAsync(home.Root, new Dictionary<string, string?> { ["SCRIPTHARNESS__tools__0__description"] = "Finds the ticket in the tracker." }, "tools", "--typescript", "--config", home.HostJson);
        Assert.True(good.ExitCode == 0, $"exit {good.ExitCode}: {good.Stderr}");
        Assert.Contains("Finds the ticket in the tracker.", good.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Looks a ticket up.", good.Stdout, StringComparison.Ordinal);

        await using HostProcess bad = await HostProcess.RunAsync(home.Root, new Dictionary<string, string?> { ["SCRIPTHARNESS__tools__0__kind"] = "shell" }, "tools", "--typescript", "--config", home.HostJson);
        Assert.True(bad.ExitCode == 78, $"exit {bad.ExitCode}: {bad.Stderr}");
        Assert.Contains("tools[0]:kind", bad.Stderr, StringComparison.Ordinal);
    }

    private static string ToolsSection(string program) => $$"""
        [
          {
            "name": "wordCount",
            "description": "Counts the words of a text.",
            "kind": "command",
            "command": ["{{program}}"],
            "timeoutMs": 20000,
            "retry": { "attempts": 2, "firstDelayMs": 0, "transient": ["command-failed"] },
            "effect": ["read"],
            "parameters": {
              "type": "object",
              "properties": { "text": { "type": "string" }, "fail": { "type": "boolean" }, "garbage": { "type": "boolean" } },
              "required": ["text"],
              "additionalProperties": false
            },
            "result": { "type": "object", "properties": { "words": { "type": "integer" } } }
          },
          {
            "name": "stamp",
            "description": "Stamps the text into the workspace.",
            "kind": "command",
            "command": ["{{program}}"],
            "effect": ["write"],
            "parameters": { "type": "object", "properties": { "text": { "type": "string" } }, "required": ["text"] }
          },
          {
            "name": "lookupTicket",
            "description": "Looks a ticket up in the tracker.",
            "kind": "host-resolved",
            "parameters": { "type": "object", "properties": { "id": { "type": "string" } }, "required": ["id"] },
            "result": { "type": "object", "properties": { "id": { "type": "string" }, "title": { "type": "string" } } }
          }
        ]
        """;
}
