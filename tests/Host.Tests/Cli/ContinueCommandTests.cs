using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// <c>continue RUN FILE</c> with real processes: a failed run's appending command is reused, not
/// run again (the counter file shows each line once), including after a SIGKILL of the process
/// that runs the continued run; refusals exit 6.
/// </summary>
public sealed class ContinueCommandTests : IDisposable
{
    private const string First = """await tools.exec({ command: ["sh", "-c", "echo one >> count.txt"] });""";
    private const string Second = """await tools.exec({ command: ["sh", "-c", "echo two >> count.txt"] });""";

    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task A_continued_run_killed_while_it_waits_completes_after_restart_without_repeating_calls()
    {
        string workspace = this.home.NewWorkspace();
        string broken = Path.Combine(this.home.Root, "broken.md");
        File.WriteAllText(broken, Scripts.Block(First + "\nnotDefined();"));
        HostProcess failed = await HostProcess.RunAsync(this.home.Root, null, "run", broken, "--workspace", workspace, "--approve", "all", "--store", this.home.Store);
        Assert.True(failed.ExitCode == 1, $"exit {failed.ExitCode}\n{failed.Stdout}\n{failed.Stderr}");
        string runId = failed.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1] + "-b0";

        string fixedScript = Path.Combine(this.home.Root, "fixed.js");
        File.WriteAllText(fixedScript, First + "\n" + Second + "\nreturn 'done';");
        string turnId;
        await using (HostProcess waiting = HostProcess.Start(this.home.Root, null, "continue", runId, fixedScript, "--approve", "ask", "--store", this.home.Store))
        {
            await waiting.WaitForOutputAsync("awaits approval", TimeSpan.FromSeconds(90));
            turnId = waiting.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];
            waiting.Kill();
        }

        string continued = turnId + "-b0";
        HostProcess approve = await HostProcess.RunAsync(this.home.Root, null, "approve", continued, "2", "--store", this.home.Store);
        Assert.True(approve.ExitCode == 0, $"exit {approve.ExitCode}\n{approve.Stdout}\n{approve.Stderr}");
        HostProcess attach = await HostProcess.RunAsync(this.home.Root, null, "attach", turnId, "--approve", "none", "--store", this.home.Store);

        Assert.True(attach.ExitCode == 0, $"exit {attach.ExitCode}\n{attach.Stdout}\n{attach.Stderr}");
        Assert.Equal("one\ntwo\n", File.ReadAllText(Path.Combine(workspace, "count.txt")));
        HostProcess status = await HostProcess.RunAsync(this.home.Root, null, "status", continued, "--store", this.home.Store);
        Assert.Contains($"\"continuedFrom\":\"{runId}\"", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"reused\":true", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continuing_an_unknown_run_or_one_still_waiting_exits_6()
    {
        string workspace = this.home.NewWorkspace();
        string script = Path.Combine(this.home.Root, "fixed.js");
        File.WriteAllText(script, "return 1;");
        string ask = Path.Combine(this.home.Root, "ask.md");
        File.WriteAllText(ask, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        string turnId;
        await using (HostProcess waiting = HostProcess.Start(this.home.Root, null, "run", ask, "--workspace", workspace, "--approve", "ask", "--store", this.home.Store))
        {
            await waiting.WaitForOutputAsync("awaits approval", TimeSpan.FromSeconds(90));
            turnId = waiting.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];
            waiting.Kill();
        }

        HostProcess running = await HostProcess.RunAsync(this.home.Root, null, "continue", turnId + "-b0", script, "--store", this.home.Store);
        Assert.True(running.ExitCode == 6, $"exit {running.ExitCode}\n{running.Stdout}\n{running.Stderr}");
        Assert.Contains("run-not-finished", running.Stderr, StringComparison.Ordinal);

        HostProcess unknown = await HostProcess.RunAsync(this.home.Root, null, "continue", "sh-00000000000000000000-b0", script, "--store", this.home.Store);
        Assert.True(unknown.ExitCode == 6, $"exit {unknown.ExitCode}\n{unknown.Stdout}\n{unknown.Stderr}");
        Assert.Contains("not-found", unknown.Stderr, StringComparison.Ordinal);
    }
}
