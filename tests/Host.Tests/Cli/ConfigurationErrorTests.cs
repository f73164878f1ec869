using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>Bad configuration fails at start with the key named, for every way of configuring.</summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task An_unknown_host_json_key_fails_run_with_the_key_named_in_the_JSON_report()
    {
        File.WriteAllText(this.home.HostJson, """{ "scriptRuntime": { "limits": { "maxToolCall": 5 } } }""");
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", Path.Combine(RepoPaths.Examples, "explore-repo.md"), "--json", "--config", this.home.HostJson, "--store", this.home.Store);

        Assert.Equal(78, run.ExitCode);
        JsonNode report = JsonNode.Parse(run.Stdout.Trim())!;
        Assert.Equal("refused", report["status"]!.GetValue<string>());
        Assert.Equal("configuration", report["error"]!["code"]!.GetValue<string>());
        Assert.Contains("scriptRuntime:limits:maxToolCall", report["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(File.Exists(this.home.Store));
    }

    [Fact]
    public async Task A_value_an_options_validator_refuses_fails_start_up_naming_the_key()
    {
        File.WriteAllText(this.home.HostJson, """{ "orchestrations": { "approvals": { "expiry": "-00:00:05" } } }""");
        HostProcess list = await HostProcess.RunAsync(this.home.Root, null, "list", "--config", this.home.HostJson, "--store", this.home.Store);
        Assert.Equal(78, list.ExitCode);
        Assert.Contains("orchestrations:approvals:expiry", list.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "notifications": { "targets": [ { "url": "ftp://hooks.example.test/x", "secretVariable": "HOOK_SECRET" } ] } }""", "notifications:targets:0:url must be an absolute http or https URL")]
    [InlineData("""{ "notifications": { "targets": [ { "url": "https://hooks.example.test/x" } ] } }""", "notifications:targets:0:secretVariable")]
    [InlineData("""{ "notifications": { "targets": [ { "url": "https://hooks.example.test/x", "secretVariable": "S", "events": ["run-started"] } ] } }""", "notifications:targets[0]:events[0]' is \"run-started\"; allowed: \"awaiting-approval\", \"run-finished\"")]
    [InlineData("""{ "notifications": { "publicBaseUrl": "javascript:alert(1)" } }""", "notifications:publicBaseUrl")]
    public async Task A_bad_webhook_target_fails_start_up_naming_the_key(string hostJson, string expected)
    {
        File.WriteAllText(this.home.HostJson, hostJson);
        HostProcess list = await HostProcess.RunAsync(this.home.Root, null, "list", "--config", this.home.HostJson, "--store", this.home.Store);
        Assert.True(list.ExitCode == 78, $"exit {list.ExitCode}: {list.Stderr}");
        Assert.Contains(expected, list.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SCRIPTHARNESS__durable__bakend", "sqlite", "durable:bakend")]
    [InlineData("SCRIPTHARNESS__scriptRuntime__limits__maxToolCallsInFlight", "0", "scriptRuntime:limits:maxToolCallsInFlight")]
    [InlineData("SCRIPTHARNESS__scriptRuntime__limits__maxToolCalls", "many", "scriptRuntime:limits:MaxToolCalls")]
    [InlineData("SCRIPTHARNESS__orchestrations__mode", "sometimes", "orchestrations:mode")]
    [InlineData("SCRIPTHARNESS__durable__shutdownTimeout", "-00:00:01", "durable:shutdownTimeout")]
    public async Task An_environment_override_with_an_unknown_key_or_a_bad_value_fails_start_up_naming_it(string variable, string value, string key)
    {
        HostProcess list = await HostProcess.RunAsync(this.home.Root, new Dictionary<string, string?> { [variable] = value }, "list", "--store", this.home.Store);
        Assert.True(list.ExitCode == 78, $"exit {list.ExitCode}: {list.Stderr}");
        Assert.Contains(key, list.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Serve_refuses_to_start_without_an_API_key()
    {
        HostProcess serve = await HostProcess.RunAsync(this.home.Root, null, "serve", "--urls", $"http://127.0.0.1:{HostProcess.FreePort()}", "--store", this.home.Store);
        Assert.Equal(78, serve.ExitCode);
        Assert.Contains("SCRIPTHARNESS_API_KEY", serve.Stderr, StringComparison.Ordinal);
    }
}
