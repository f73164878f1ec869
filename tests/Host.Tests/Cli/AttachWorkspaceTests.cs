using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// <c>attach</c> knows the run's workspace (recorded in its turn's input): the approval prompt
/// shows a waiting applyPatch as a diff against the workspace's files, as <c>run</c> does;
/// <c>--workspace</c> compares with another folder.
/// </summary>
public sealed class AttachWorkspaceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // The patch's last line, printed after the file and hunk lines: the prompt's question that
    // follows has no line end, so the output is read up to here.
    private const string HunkEnd = "  world";
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task Attach_shows_a_waiting_patch_against_the_run_s_recorded_workspace()
    {
        File.WriteAllText(this.home.HostJson, """
            { "orchestrations": { "approvals": { "rules": [ { "tool": "applyPatch", "action": "ask", "reason": "edits are reviewed" } ] } } }
            """);
        string workspace = this.home.NewWorkspace();
        File.WriteAllText(Path.Combine(workspace, "greet.txt"), "hello\nworld\nbye\n");
        string script = Path.Combine(this.home.Root, "patch.md");
        File.WriteAllText(script, Scripts.Block("""
            await tools.applyPatch({ patch: "*** Begin Patch\n*** Update File: greet.txt\n@@\n-hello\n+hi\n world\n*** End Patch" });
            return "patched";
            """));

        string turnId;
        await using (HostProcess run = HostProcess.Start(this.home.Root, null, "run", script, "--workspace", workspace, "--approve", "ask", "--config", this.home.HostJson, "--store", this.home.Store))
        {
            await run.WaitForOutputAsync("awaits approval", Patience);
            turnId = run.Stdout.Split('\n').First(l => l.StartsWith("turn ", StringComparison.Ordinal)).Split(' ', ':')[1];
            run.Kill();
        }

        // Another folder named with --workspace: the file is not there.
        string other = this.home.NewWorkspace();
        await using (HostProcess elsewhere = HostProcess.Start(this.home.Root, null, keepInputOpen: true, "attach", turnId, "--approve", "ask", "--workspace", other, "--config", this.home.HostJson, "--store", this.home.Store))
        {
            await elsewhere.WaitForStderrAsync(HunkEnd, Patience);
            Assert.Contains("does not exist: the patch will fail", elsewhere.Stderr, StringComparison.Ordinal);
            elsewhere.Kill();
        }

        // By default the run's own workspace: the file with its length, the hunk found in it.
        await using HostProcess attach = HostProcess.Start(this.home.Root, null, keepInputOpen: true, "attach", turnId, "--approve", "ask", "--config", this.home.HostJson, "--store", this.home.Store);
        await attach.WaitForStderrAsync(HunkEnd, Patience);
        Assert.Contains("update greet.txt", attach.Stderr, StringComparison.Ordinal);
        Assert.Contains("3 lines", attach.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", attach.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("context not found", attach.Stderr, StringComparison.Ordinal);
        attach.Kill();
    }
}
