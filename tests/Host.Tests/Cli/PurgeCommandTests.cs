using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary><c>purge</c> of a run that has not finished: refused with a reason and a non-zero exit, nothing deleted.</summary>
public sealed class PurgeCommandTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task Purging_a_running_run_exits_6_with_run_not_finished_and_the_run_stays()
    {
        string script = Path.Combine(this.home.Root, "ask.md");
        File.WriteAllText(script, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        string turnId;
        await using (HostProcess waiting = HostProcess.Start(this.home.Root, null, "run", script, "--workspace", this.home.NewWorkspace(), "--approve", "ask", "--store", this.home.Store))
        {
            await waiting.WaitForOutputAsync("awaits approval", TimeSpan.FromSeconds(90));
            turnId = waiting.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];
            waiting.Kill();
        }

        foreach (string id in new[] { turnId, turnId + "-b0" })
        {
            HostProcess purge = await HostProcess.RunAsync(this.home.Root, null, "purge", id, "--store", this.home.Store);

            Assert.True(purge.ExitCode == 6, $"exit {purge.ExitCode}\nstdout:\n{purge.Stdout}\nstderr:\n{purge.Stderr}");
            Assert.Contains("run-not-finished", purge.Stderr, StringComparison.Ordinal);
            Assert.Contains("Terminate it first", purge.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("purged", purge.Stdout, StringComparison.Ordinal);
        }

        HostProcess status = await HostProcess.RunAsync(this.home.Root, null, "status", turnId + "-b0", "--store", this.home.Store);
        Assert.Equal(0, status.ExitCode);
    }
}
