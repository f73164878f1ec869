using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM sent to a real <c>run</c> or <c>attach</c> process: the process
/// stops waiting, says how to attach, exits 130 or 143, and the run stays in the store, resumable.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task An_interrupt_at_the_approval_prompt_exits_with_the_signal_code_and_the_run_resumes_with_attach(string signal, int exitCode)
    {
        string script = Path.Combine(this.home.Root, "ask.md");
        File.WriteAllText(script, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        string workspace = this.home.NewWorkspace();
        string turnId;
        await using (HostProcess run = HostProcess.Start(this.home.Root, null, keepInputOpen: true, "run", script, "--workspace", workspace, "--approve", "ask", "--store", this.home.Store))
        {
            await run.WaitForStderrAsync("needs approval:", Patience);
            turnId = await InterruptAsync(run, signal, exitCode);
        }

        JsonNode status = await this.StatusAsync(turnId + "-b0");
        Assert.Equal("Running", status["runtimeStatus"]!.GetValue<string>());
        Assert.Single(status["pending"]!.AsArray());

        HostProcess attach = await HostProcess.RunAsync(this.home.Root, null, "attach", turnId, "--approve", "all", "--store", this.home.Store);
        Assert.True(attach.ExitCode == 0, $"exit {attach.ExitCode}\nstdout:\n{attach.Stdout}\nstderr:\n{attach.Stderr}");
        Assert.True(File.Exists(Path.Combine(workspace, "checked.txt")));
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task An_interrupt_during_a_running_call_exits_with_the_signal_code_and_leaves_the_run_running(string signal, int exitCode)
    {
        File.WriteAllText(this.home.HostJson, """
            { "orchestrations": { "approvals": { "rules": [ { "tool": "exec", "argvPrefix": ["sleep"], "action": "allow", "reason": "waiting is harmless" } ] } } }
            """);
        string script = Path.Combine(this.home.Root, "sleep.md");
        File.WriteAllText(script, Scripts.Block("""await tools.exec({ command: ["sleep", "120"] }); return "slept";"""));
        string turnId;
        await using (HostProcess run = HostProcess.Start(this.home.Root, null, keepInputOpen: true, "run", script, "--workspace", this.home.NewWorkspace(), "--approve", "ask", "--config", this.home.HostJson, "--store", this.home.Store))
        {
            await run.WaitForOutputAsync("> #1 exec", Patience);
            turnId = await InterruptAsync(run, signal, exitCode);
        }

        // The call was neither failed nor reported: the run waits for it, for a worker to take it again.
        JsonNode status = await this.StatusAsync(turnId + "-b0");
        Assert.Equal("Running", status["runtimeStatus"]!.GetValue<string>());
        Assert.Null(status["report"]);
    }

    // Sends the signal and checks the interrupted exit: its code and the hint naming how to attach.
    private static async Task<string> InterruptAsync(HostProcess run, string signal, int exitCode)
    {
        string turnId = TurnId(run);
        await run.SignalAsync(signal);
        await run.WaitForExitAsync(Patience);

        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        Assert.Contains($"attach {turnId}", run.Stderr, StringComparison.Ordinal);
        return turnId;
    }

    [Fact]
    public async Task An_interrupt_while_attached_exits_130_with_the_attach_hint_and_leaves_the_run_waiting()
    {
        string script = Path.Combine(this.home.Root, "ask.md");
        File.WriteAllText(script, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        string turnId;
        await using (HostProcess run = HostProcess.Start(this.home.Root, null, "run", script, "--workspace", this.home.NewWorkspace(), "--approve", "ask", "--store", this.home.Store))
        {
            await run.WaitForOutputAsync("awaits approval", Patience);
            turnId = TurnId(run);
            run.Kill();
        }

        await using (HostProcess attach = HostProcess.Start(this.home.Root, null, keepInputOpen: true, "attach", turnId, "--approve", "ask", "--store", this.home.Store))
        {
            await attach.WaitForStderrAsync("needs approval:", Patience);
            await attach.SignalAsync("INT");
            await attach.WaitForExitAsync(Patience);

            Assert.True(attach.ExitCode == 130, $"exit {attach.ExitCode}\nstdout:\n{attach.Stdout}\nstderr:\n{attach.Stderr}");
            Assert.Contains($"attach {turnId}", attach.Stderr, StringComparison.Ordinal);
        }

        JsonNode status = await this.StatusAsync(turnId + "-b0");
        Assert.Equal("Running", status["runtimeStatus"]!.GetValue<string>());
        Assert.Single(status["pending"]!.AsArray());
    }

    private static string TurnId(HostProcess run) =>
        run.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];

    private async Task<JsonNode> StatusAsync(string runId)
    {
        HostProcess status = await HostProcess.RunAsync(this.home.Root, null, "status", runId, "--store", this.home.Store);
        Assert.True(status.ExitCode == 0, status.Stderr);
        return JsonNode.Parse(status.Stdout)!;
    }
}
