using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary><c>rollback RUN</c>: exit 0 when the edits are undone, 1 on a conflict (nothing written), 6 when refused.</summary>
public sealed class RollbackCommandTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task Rollback_exits_0_and_restores_the_files_and_a_changed_file_exits_1_with_a_patch_conflict_naming_it()
    {
        string output = Path.Combine(this.home.Root, "patch.md");
        File.WriteAllText(output, RollbackScripts.TwoPatches);
        string workspace = this.home.NewWorkspace();
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", workspace, "--approve", "none", "--json", "--store", this.home.Store);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        string runId = JsonNode.Parse(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0])!["instanceId"]!.GetValue<string>();
        string readme = Path.Combine(workspace, "README.md");
        byte[] patchedReadme = await File.ReadAllBytesAsync(readme);
        await File.AppendAllTextAsync(readme, "changed after the run\n");

        HostProcess conflict = await HostProcess.RunAsync(this.home.Root, null, "rollback", runId, "--approve", "none", "--json", "--store", this.home.Store);

        Assert.True(conflict.ExitCode == 1, $"exit {conflict.ExitCode}\nstdout:\n{conflict.Stdout}\nstderr:\n{conflict.Stderr}");
        Assert.Contains("patch-conflict", conflict.Stdout, StringComparison.Ordinal);
        Assert.Contains("'README.md'", conflict.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(RollbackScripts.Original("src/greet.py"), await File.ReadAllBytesAsync(Path.Combine(workspace, "src/greet.py")));

        await File.WriteAllBytesAsync(readme, patchedReadme);
        HostProcess undone = await HostProcess.RunAsync(this.home.Root, null, "rollback", runId, "--approve", "none", "--store", this.home.Store);

        Assert.True(undone.ExitCode == 0, $"exit {undone.ExitCode}\nstdout:\n{undone.Stdout}\nstderr:\n{undone.Stderr}");
        Assert.Equal(RollbackScripts.Original("src/greet.py"), await File.ReadAllBytesAsync(Path.Combine(workspace, "src/greet.py")));
        Assert.Equal(RollbackScripts.Original("README.md"), await File.ReadAllBytesAsync(readme));
    }

    [Fact]
    public async Task Rollback_of_an_unknown_run_exits_6_with_not_found()
    {
        string output = Path.Combine(this.home.Root, "one.md");
        File.WriteAllText(output, Scripts.Block("return 1;"));
        HostProcess run = await HostProcess.RunAsync(this.home.Root, null, "run", output, "--workspace", this.home.NewWorkspace(), "--json", "--store", this.home.Store);
        string runId = JsonNode.Parse(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0])!["instanceId"]!.GetValue<string>();

        HostProcess unknown = await HostProcess.RunAsync(this.home.Root, null, "rollback", "sh-00000000000000000000-b0", "--store", this.home.Store);
        HostProcess nothing = await HostProcess.RunAsync(this.home.Root, null, "rollback", runId, "--store", this.home.Store);

        Assert.True(unknown.ExitCode == 6, $"exit {unknown.ExitCode}\nstderr:\n{unknown.Stderr}");
        Assert.Contains("not-found", unknown.Stderr, StringComparison.Ordinal);
        Assert.True(nothing.ExitCode == 6, $"exit {nothing.ExitCode}\nstderr:\n{nothing.Stderr}");
        Assert.Contains("nothing-to-roll-back", nothing.Stderr, StringComparison.Ordinal);
    }
}
