using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// A rollback run on SQLite survives a SIGKILL of the process that hosts it: killed while its
/// applyPatch waits for approval, nothing is written; approved and attached after the restart,
/// it restores the files exactly once, and asking again starts nothing new.
/// </summary>
public sealed class RollbackCrashTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task A_rollback_killed_while_it_waits_for_approval_restores_the_files_once_after_restart()
    {
        // Every patch asks, the rollback's included (it runs under the same policy).
        string config = this.home.WriteHostJson(new JsonObject
        {
            ["orchestrations"] = new JsonObject
            {
                ["approvals"] = new JsonObject
                {
                    ["rules"] = new JsonArray(new JsonObject { ["tool"] = "applyPatch", ["action"] = "ask", ["reason"] = "patches need a review" }),
                },
            },
        });
        string output = Path.Combine(this.home.Root, "patch.md");
        File.WriteAllText(output, RollbackScripts.TwoPatches);
        string workspace = this.home.NewWorkspace();
        string greet = Path.Combine(workspace, "src", "greet.py");
        string readme = Path.Combine(workspace, "README.md");
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", workspace, "--approve", "all", "--json", "--config", config, "--store", this.home.Store);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        string runId = JsonNode.Parse(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0])!["instanceId"]!.GetValue<string>();
        byte[] patchedGreet = await File.ReadAllBytesAsync(greet);
        byte[] patchedReadme = await File.ReadAllBytesAsync(readme);
        Assert.NotEqual(RollbackScripts.Original("src/greet.py"), patchedGreet);

        string rollbackRun;
        await using (HostProcess waiting = HostProcess.Start(this.home.Root, null, keepInputOpen: true, "rollback", runId, "--approve", "ask", "--config", config, "--store", this.home.Store))
        {
            await waiting.WaitForOutputAsync("awaits approval", TimeSpan.FromSeconds(90));
            rollbackRun = waiting.Stderr.Split('\n').First(l => l.StartsWith("rollback of ", StringComparison.Ordinal)).Split(": run ")[1].Split(' ')[0].Trim();
            waiting.Kill();
        }

        // Killed before the answer: no file was touched.
        Assert.Equal(patchedGreet, await File.ReadAllBytesAsync(greet));
        Assert.Equal(patchedReadme, await File.ReadAllBytesAsync(readme));

        HostProcess approve = await HostProcess.RunAsync(this.home.Root, null, "approve", rollbackRun, "1", "--config", config, "--store", this.home.Store);
        Assert.True(approve.ExitCode == 0, $"exit {approve.ExitCode}\n{approve.Stdout}\n{approve.Stderr}");
        string turnId = rollbackRun[..rollbackRun.LastIndexOf("-b", StringComparison.Ordinal)];
        HostProcess attach = await HostProcess.RunAsync(this.home.Root, null, "attach", turnId, "--approve", "none", "--config", config, "--store", this.home.Store);

        Assert.True(attach.ExitCode == 0, $"exit {attach.ExitCode}\nstdout:\n{attach.Stdout}\nstderr:\n{attach.Stderr}");
        Assert.Equal(RollbackScripts.Original("src/greet.py"), await File.ReadAllBytesAsync(greet));
        Assert.Equal(RollbackScripts.Original("README.md"), await File.ReadAllBytesAsync(readme));

        // Asked again after it completed, the rollback is the same run: nothing is applied twice.
        HostProcess again = await HostProcess.RunAsync(this.home.Root, null, "rollback", runId, "--approve", "none", "--config", config, "--store", this.home.Store);
        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}\nstdout:\n{again.Stdout}\nstderr:\n{again.Stderr}");
        Assert.Contains($"run {rollbackRun} (already started)", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(RollbackScripts.Original("src/greet.py"), await File.ReadAllBytesAsync(greet));
        Assert.Equal(RollbackScripts.Original("README.md"), await File.ReadAllBytesAsync(readme));
    }
}
