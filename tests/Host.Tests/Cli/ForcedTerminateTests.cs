using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// <c>terminate --force</c> and <c>purge</c> on the SQLite store while no worker runs (issue 16: a
/// run that crash-loops every worker must still be stoppable and removable from the CLI).
/// </summary>
public sealed class ForcedTerminateTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task A_run_whose_worker_is_gone_is_terminated_by_force_and_purged_without_any_worker()
    {
        string script = Path.Combine(this.home.Root, "ask.md");
        File.WriteAllText(script, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        string turnId;
        await using (HostProcess interrupted = HostProcess.Start(this.home.Root, null, "run", script, "--workspace", this.home.NewWorkspace(), "--approve", "ask", "--store", this.home.Store))
        {
            await interrupted.WaitForOutputAsync("awaits approval", TimeSpan.FromSeconds(90));
            turnId = interrupted.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];
            interrupted.Kill();
        }

        string runId = turnId + "-b0";

        // Only client commands from here on: the store ends the run itself.
        HostProcess terminate = await HostProcess.RunAsync(this.home.Root, null, "terminate", turnId, "--force", "--reason", "crash loop", "--store", this.home.Store);
        Assert.True(terminate.ExitCode == 0, terminate.Stderr);
        HostProcess status = await HostProcess.RunAsync(this.home.Root, null, "status", runId, "--store", this.home.Store);
        Assert.Equal("Terminated", JsonNode.Parse(status.Stdout)!["runtimeStatus"]!.GetValue<string>());
        HostProcess turn = await HostProcess.RunAsync(this.home.Root, null, "status", turnId, "--store", this.home.Store);
        Assert.Equal("Terminated", JsonNode.Parse(turn.Stdout)!["runtimeStatus"]!.GetValue<string>());

        HostProcess purge = await HostProcess.RunAsync(this.home.Root, null, "purge", turnId, "--store", this.home.Store);
        Assert.True(purge.ExitCode == 0, purge.Stderr);
        HostProcess gone = await HostProcess.RunAsync(this.home.Root, null, "status", runId, "--store", this.home.Store);
        Assert.Equal(6, gone.ExitCode);
    }
}
