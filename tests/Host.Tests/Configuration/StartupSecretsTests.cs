using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Configuration;

/// <summary>
/// The API key is read once and leaves the process environment: neither the process itself nor a
/// child it starts (a tool's process) can find it afterwards, and authentication still works.
/// </summary>
public sealed class StartupSecretsTests
{
    private const string Visible = "visible-value-7d1e";

    [Fact]
    public async Task A_taken_variable_is_gone_from_the_environment_and_from_a_child_process()
    {
        string name = "SH_TEST_SECRET_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        const string secret = "secret-value-3b9c";
        Environment.SetEnvironmentVariable(name, secret);

        Assert.Equal(secret, StartupSecrets.Take(name));

        Assert.Null(Environment.GetEnvironmentVariable(name));
        Assert.DoesNotContain(name, Environment.GetEnvironmentVariables().Keys.Cast<object>().Select(k => k.ToString()));
        using Process env = Process.Start(new ProcessStartInfo("env") { RedirectStandardOutput = true, UseShellExecute = false })!;
        string childEnvironment = await env.StandardOutput.ReadToEndAsync();
        await env.WaitForExitAsync();
        Assert.Contains("PATH=", childEnvironment, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, childEnvironment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_connection_string_variable_host_json_names_leaves_the_environment_and_only_the_backend_reads_it()
    {
        string name = "SH_TEST_STORAGE_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        const string secret = "AccountName=devstoreaccount1;AccountKey=secret-key-5f2a";
        Environment.SetEnvironmentVariable(name, secret);
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["durable:azureStorage:connectionStringVariable"] = name })
            .Build();

        StartupSecrets.Capture(configuration);

        Assert.Null(Environment.GetEnvironmentVariable(name));
        // A child started as exec's unsandboxed launcher starts one: it inherits the process environment.
        using Process env = Process.Start(new ProcessStartInfo("env") { RedirectStandardOutput = true, UseShellExecute = false })!;
        string childEnvironment = await env.StandardOutput.ReadToEndAsync();
        await env.WaitForExitAsync();
        Assert.Contains("PATH=", childEnvironment, StringComparison.Ordinal);
        Assert.DoesNotContain(name, childEnvironment, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, childEnvironment, StringComparison.Ordinal);
        Assert.Equal(secret, new StartupSecretReader().Read(name));
    }

    [Fact]
    public async Task A_run_whose_exec_prints_its_environment_never_sees_the_key_even_when_allow_listed()
    {
        using TempHome home = new();
        // The operator's mistake the test needs: the key's variable on exec's allow list, next to one that must pass.
        home.WriteHostJson(AllowList());
        string script = Path.Combine(home.Root, "env.md");
        File.WriteAllText(script, Scripts.Block("return (await tools.exec({ command: [\"env\"] })).stdout;"));
        Dictionary<string, string?> environment = new() { ["SCRIPTHARNESS_API_KEY"] = Server.Key, ["SH_TEST_VISIBLE"] = Visible };

        HostProcess run = await HostProcess.RunAsync(home.Root, environment, "run", script, "--approve", "all", "--json", "--config", home.HostJson, "--store", home.Store);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        string childEnvironment = JsonNode.Parse(run.Stdout.Trim())!["result"]!.GetValue<string>();
        Assert.Contains("SH_TEST_VISIBLE=" + Visible, childEnvironment, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Key, childEnvironment, StringComparison.Ordinal);
        Assert.DoesNotContain("SCRIPTHARNESS_API_KEY", childEnvironment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_authenticates_with_the_key_after_removing_it_and_its_tool_children_never_see_it()
    {
        using TempHome home = new();
        home.WriteHostJson(AllowList());
        await using Server server = new(home, new Dictionary<string, string?> { ["SH_TEST_VISIBLE"] = Visible });
        await server.StartAsync();

        (string _, string[] runs) = await server.StartTurnAsync(Scripts.Block("return (await tools.exec({ command: [\"env\"] })).stdout;"));
        await server.WaitForApprovalAsync(runs[0], 1);
        (HttpResponseMessage approved, JsonNode? outcome) = await server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "approve" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, outcome?.ToJsonString());
        JsonNode report = (await server.WaitForReportAsync(runs[0]))["report"]!;

        string childEnvironment = report["result"]!.GetValue<string>();
        Assert.Contains("SH_TEST_VISIBLE=" + Visible, childEnvironment, StringComparison.Ordinal);
        Assert.DoesNotContain(Server.Key, childEnvironment, StringComparison.Ordinal);
        using HttpClient anonymous = server.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/runs")).StatusCode);
    }

    private static JsonObject AllowList() => new()
    {
        ["activities"] = new JsonObject
        {
            // The allow-list applies only without the sandbox (bubblewrap gives a fresh environment),
            // which is exactly where a key left in the process environment would leak to children.
            ["exec"] = new JsonObject
            {
                ["sandbox"] = "none",
                ["acknowledgeUnsandboxedExec"] = true,
                ["environmentAllowList"] = new JsonArray("PATH", "SH_TEST_VISIBLE", "SCRIPTHARNESS_API_KEY"),
            },
        },
    };
}
