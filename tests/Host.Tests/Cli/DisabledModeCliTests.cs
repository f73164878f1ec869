using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>The seed's F17 through the CLI: with scripts disabled the block is not run; a warning takes its place.</summary>
public sealed class DisabledModeCliTests : IDisposable
{
    private readonly TempHome home = new();

    public void Dispose() => this.home.Dispose();

    [Fact]
    public async Task F17_disabled_mode_replaces_the_script_with_a_warning()
    {
        string workspace = this.home.NewWorkspace();
        string script = Path.Combine(this.home.Root, "write.md");
        File.WriteAllText(script, Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        Dictionary<string, string?> disabled = new() { ["SCRIPTHARNESS__orchestrations__mode"] = "disabled" };

        HostProcess run = await HostProcess.RunAsync(this.home.Root, disabled, "run", script, "--workspace", workspace, "--approve", "all", "--store", this.home.Store);

        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}\nstdout:\n{run.Stdout}\nstderr:\n{run.Stderr}");
        Assert.Contains("feature-disabled", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("the tags stay text", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("turn ", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, "checked.txt")));
        HostProcess list = await HostProcess.RunAsync(this.home.Root, null, "list", "--store", this.home.Store);
        Assert.Equal(string.Empty, list.Stdout.Trim());
    }
}
