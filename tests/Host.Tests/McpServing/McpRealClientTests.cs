using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;
using Xunit.Abstractions;

namespace ScriptHarness.Tests.Host.McpServing;

/// <summary>
/// The MCP server against clients nobody here wrote: the MCP conformance suite (server mode, over
/// Streamable HTTP; it has no stdio mode) and the official inspector's CLI mode (stdio and HTTP).
/// </summary>
public sealed class McpRealClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// The conformance scenarios about the protocol itself. The suite's other server scenarios call
    /// fixture tools, prompts and resources of its reference server (<c>test_simple_text</c>,
    /// <c>test://static-text</c>, …) that this server does not have, so they fail by design.
    /// </summary>
    private static readonly string[] ProtocolScenarios =
        ["server-initialize", "ping", "logging-set-level", "tools-list", "resources-list", "resources-subscribe", "resources-unsubscribe", "server-sse-multiple-streams", "dns-rebinding-protection"];

    private readonly TempHome home = new();
    private Server server = null!;

    public async Task InitializeAsync()
    {
        McpTestClients.WriteAskingHostJson(this.home);
        this.server = new Server(this.home);
        await this.server.StartAsync();
    }

    [Fact]
    public async Task The_conformance_suite_passes_every_protocol_scenario_over_http()
    {
        int proxyPort = HostProcess.FreePort();
        using Owned proxy = new(NodeClients.Start(this.home.Root, new Dictionary<string, string> { ["SCRIPTHARNESS_TEST_KEY"] = Server.Key }, NodeClients.KeyProxy, proxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture), this.server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("listening", await proxy.Process.StandardOutput.ReadLineAsync(), StringComparison.Ordinal);

        string results = Path.Combine(this.home.Root, "conformance");
        (_, string stdout, string stderr) = await NodeClients.RunAsync(this.home.Root, NodeClients.Conformance, "server", "--url", $"http://127.0.0.1:{proxyPort}/mcp", "-o", results);

        Dictionary<string, (int Passed, int Failed, List<string> Failures)> scenarios = [];
        foreach (string dir in Directory.GetDirectories(results))
        {
            string scenario = ScenarioOf(Path.GetFileName(dir));
            var counts = (Passed: 0, Failed: 0, Failures: new List<string>());
            foreach (JsonNode? check in JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "checks.json")))!.AsArray())
            {
                switch (check!["status"]!.GetValue<string>())
                {
                    case "SUCCESS":
                        counts.Passed++;
                        break;
                    case "FAILURE":
                        counts.Failed++;
                        counts.Failures.Add($"{check["id"]}: {check["errorMessage"]}");
                        break;
                }
            }

            scenarios[scenario] = counts;
        }

        output.WriteLine($"conformance: {scenarios.Sum(s => s.Value.Passed)} checks passed, {scenarios.Sum(s => s.Value.Failed)} failed, in {scenarios.Count} scenarios");
        foreach ((string name, var c) in scenarios.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {name}: {c.Passed} passed, {c.Failed} failed {string.Join("; ", c.Failures)}");
        }

        foreach (string scenario in ProtocolScenarios)
        {
            Assert.True(scenarios.TryGetValue(scenario, out var c), $"scenario {scenario} did not run.\n{stdout}\n{stderr}");
            Assert.True(c.Failed == 0 && c.Passed > 0, $"{scenario}: {c.Passed} passed, {c.Failed} failed: {string.Join("; ", c.Failures)}");
        }
    }

    [Fact]
    public async Task The_inspector_cli_lists_calls_and_reads_over_stdio()
    {
        string[] target = ["dotnet", RepoPaths.HostDll, "mcp", "--store", this.home.Store];
        JsonNode tools = await this.InspectAsync([.. target, "--cwd", this.home.Root, "--method", "tools/list"]);
        Assert.Equal(["continue_run", "decide_call", "get_run", "run_script"], tools["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).Order());
        Assert.True(tools["tools"]!.AsArray().Single(t => t!["name"]!.GetValue<string>() == "get_run")!["annotations"]!["readOnlyHint"]!.GetValue<bool>());

        JsonNode call = await this.InspectAsync([.. target, "--cwd", this.home.Root, "--method", "tools/call", "--tool-name", "run_script", "--tool-arg", "script=return 6 * 7;"]);
        Assert.False(call["isError"]!.GetValue<bool>());
        Assert.Equal("completed", call["structuredContent"]!["status"]!.GetValue<string>());
        Assert.Equal(42, call["structuredContent"]!["runs"]![0]!["report"]!["result"]!.GetValue<int>());

        JsonNode paused = await this.InspectAsync([.. target, "--cwd", this.home.Root, "--method", "tools/call", "--tool-name", "run_script", "--tool-arg", "script=" + McpTestClients.AskingScript]);
        Assert.Equal("paused", paused["structuredContent"]!["status"]!.GetValue<string>());
        string id = paused["structuredContent"]!["runs"]![0]!["instanceId"]!.GetValue<string>();

        // Another inspector process (another server process) decides it.
        JsonNode decided = await this.InspectAsync([.. target, "--cwd", this.home.Root, "--method", "tools/call", "--tool-name", "decide_call", "--tool-arg", "instanceId=" + id, "callId=1", "decision=approve"]);
        Assert.Equal("completed", decided["structuredContent"]!["status"]!.GetValue<string>());

        JsonNode resource = await this.InspectAsync([.. target, "--cwd", this.home.Root, "--method", "resources/read", "--uri", "scriptharness://tools.d.ts"]);
        Assert.Contains("readFile", resource["contents"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_inspector_cli_lists_and_calls_over_http_with_the_key()
    {
        string url = $"http://127.0.0.1:{this.server.Port}/mcp";
        JsonNode tools = await this.InspectAsync([url, "--transport", "http", "--header", $"Authorization: Bearer {Server.Key}", "--method", "tools/list"]);
        Assert.Equal(4, tools["tools"]!.AsArray().Count);

        JsonNode missing = await this.InspectAsync([url, "--transport", "http", "--header", $"Authorization: Bearer {Server.Key}", "--method", "tools/call", "--tool-name", "get_run", "--tool-arg", "instanceId=sh-none"], toolError: true);
        Assert.True(missing["isError"]!.GetValue<bool>());
        Assert.Equal("not-found", missing["structuredContent"]!["error"]!["code"]!.GetValue<string>());

        // Without the key the inspector cannot connect.
        (int code, string stdout, string stderr) = await NodeClients.RunAsync(this.home.Root, [NodeClients.Inspector, "--cli", url, "--transport", "http", "--method", "tools/list"]);
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("run_script", stdout, StringComparison.Ordinal);
        output.WriteLine(stderr);
    }

    public async Task DisposeAsync()
    {
        await this.server.DisposeAsync();
        this.home.Dispose();
    }

    // Result folders are named server-<scenario>-<timestamp>.
    private static string ScenarioOf(string folder)
    {
        string rest = folder.StartsWith("server-", StringComparison.Ordinal) ? folder["server-".Length..] : folder;
        int stamp = rest.IndexOf("-20", StringComparison.Ordinal);
        return stamp > 0 ? rest[..stamp] : rest;
    }

    /// <summary>Runs the inspector's CLI and returns the result it printed (the first JSON value on standard output).</summary>
    /// <param name="args">The target and options.</param>
    /// <param name="toolError">The call is expected to answer a tool error: the inspector then exits non-zero after printing the result.</param>
    private async Task<JsonNode> InspectAsync(string[] args, bool toolError = false)
    {
        (int code, string stdout, string stderr) = await NodeClients.RunAsync(this.home.Root, [NodeClients.Inspector, "--cli", .. args]);
        Assert.True(toolError ? code != 0 : code == 0, $"inspector exited {code}:\n{stdout}\n{stderr}");
        Utf8JsonReader reader = new(System.Text.Encoding.UTF8.GetBytes(stdout), new JsonReaderOptions { AllowMultipleValues = true });
        return JsonNode.Parse(ref reader)!;
    }
}
