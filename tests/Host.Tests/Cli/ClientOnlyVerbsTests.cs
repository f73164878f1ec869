using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>The verbs that only read or decide runs host no worker, so they start none of its MCP servers.</summary>
public sealed class ClientOnlyVerbsTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task List_and_status_work_without_starting_the_MCP_servers_a_worker_would_need()
    {
        string output = Path.Combine(this.home.Root, "one.md");
        File.WriteAllText(output, Scripts.Block("return 1;"));
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", this.home.NewWorkspace(), "--json", "--store", this.home.Store);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        string runId = JsonNode.Parse(run.Stdout.Trim())!["instanceId"]!.GetValue<string>();

        // A server whose program does not exist: only starting it could fail.
        string hostJson = this.home.WriteHostJson(new JsonObject
        {
            ["mcp"] = new JsonObject { ["servers"] = new JsonObject { ["broken"] = new JsonObject { ["command"] = Path.Combine(this.home.Root, "no-such-mcp-server") } } },
        });

        HostProcess list = await HostProcess.RunAsync(this.home.Root, null, "list", "--config", hostJson, "--store", this.home.Store);
        Assert.True(list.ExitCode == 0, $"exit {list.ExitCode}\n{list.Stdout}\n{list.Stderr}");
        Assert.Contains(runId, list.Stdout, StringComparison.Ordinal);
        HostProcess status = await HostProcess.RunAsync(this.home.Root, null, "status", runId, "--config", hostJson, "--store", this.home.Store);
        Assert.True(status.ExitCode == 0, $"exit {status.ExitCode}\n{status.Stdout}\n{status.Stderr}");

        // A worker does need it, and says which server is wrong.
        HostProcess worker = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", this.home.NewWorkspace(), "--json", "--config", hostJson, "--store", this.home.Store);
        Assert.Equal(78, worker.ExitCode);
        Assert.Contains("mcp.servers.broken", worker.Stdout + worker.Stderr, StringComparison.Ordinal);
    }
}
