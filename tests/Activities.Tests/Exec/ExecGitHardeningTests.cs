using System.Diagnostics;
using System.Text.Json;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Exec;

/// <summary>
/// A repository's own config names programs git runs from "read-only" commands; a model can
/// plant such a repository with an in-workspace patch. These attacks must not run the program.
/// </summary>
public sealed class ExecGitHardeningTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ExecTool tool = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task A_planted_nested_repository_cannot_run_its_configured_programs()
    {
        string evil = this.PlantProgram();
        string hooks = this.ws.PathOf("sub/.git/hooks");
        await this.Run("git init -q sub && git -C sub config user.email a@b && git -C sub config user.name n");
        foreach (string hook in new[] { "pre-commit", "commit-msg", "post-commit", "post-checkout", "reference-transaction", "pre-auto-gc" })
        {
            File.Copy(evil, Path.Combine(hooks, hook));
        }

        string[] config =
        [
            $"core.fsmonitor {evil}", $"core.hooksPath {hooks}", $"core.pager {evil}", $"core.editor {evil}",
            $"credential.helper !{evil}", $"core.askPass {evil}", $"core.sshCommand {evil}",
            $"gpg.program {evil}", "commit.gpgSign true", "remote.ssh.url ssh://example.invalid/r", $"remote.ext.url ext::{evil}",
        ];
        await this.Run(string.Concat(config.Select(c => $"git -C sub config {c}; ")) + "echo configured");
        this.ws.Write("sub/file.txt", "one\n");

        // Each command git may run a configured program from, in the nested repository.
        string[] commands =
        [
            "git status", "git diff", "git add -A", "git diff --cached", "git commit -q -m first", "git commit -q --no-gpg-sign -m first",
            "git log -p", "git checkout -q -b other", "git fetch ssh", "git fetch ext", "echo url=https://example.invalid | git credential fill",
            "git commit -q --amend --no-gpg-sign", "git gc --auto",
        ];
        foreach (string command in commands)
        {
            _ = await this.tool.InvokeAsync(this.ws.Invocation(new { command, cwd = "sub", timeoutMs = 60_000 }), default);
        }

        Assert.False(this.ws.Exists("marker"), "a program named by the repository's config ran: " + (this.ws.Exists("marker") ? this.ws.Read("marker") : string.Empty));

        // Control: the planted program does run in the sandbox when called directly.
        await this.Run(evil + " control");
        Assert.Equal("control\n", this.ws.Read("marker"));
    }

    [Fact]
    public async Task A_repository_named_diff_program_still_runs_but_only_inside_the_sandbox()
    {
        // git 2.39 cannot switch diff.external off by config (an empty value breaks every diff),
        // nor drivers .gitattributes names (textconv, filters): the sandbox is what confines them.
        string secret = Path.Combine(this.ws.Outside, "secret.txt");
        string program = this.ws.Write("differ.sh", $"#!/bin/sh\necho ran >> '{this.ws.PathOf("marker")}'\ncat '{secret}' >> '{this.ws.PathOf("marker")}' 2>&1\necho x > '{this.ws.Outside}/written' 2>&1\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await this.Run($"git init -q sub && cd sub && echo a > f && git add f && git -c user.email=a@b -c user.name=n commit -qm i && git config diff.external {program} && echo b > f");

        _ = await this.tool.InvokeAsync(this.ws.Invocation(new { command = "git diff", cwd = "sub" }), default);

        string marker = this.ws.Read("marker");
        Assert.StartsWith("ran\n", marker, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP SECRET", marker, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(this.ws.Outside, "written")));
    }

    [Fact]
    public async Task Git_does_not_discover_a_repository_above_the_workspace()
    {
        // The workspace is a subdirectory of a real repository on the host.
        RunOnHost(this.ws.Base, "git", "init", "-q", ".");
        File.WriteAllText(Path.Combine(this.ws.Base, "above.txt"), "above\n");
        Assert.Equal(0, RunOnHost(this.ws.Root, "git", "rev-parse", "--show-toplevel"));

        JsonElement sandboxed = await this.tool.InvokeAsync(this.ws.Invocation(new { command = new[] { "git", "rev-parse", "--show-toplevel" } }), default);
        var unsandboxedTool = new ExecTool(new ExecOptions { Sandbox = "none", AcknowledgeUnsandboxedExec = true });
        JsonElement unsandboxed = await unsandboxedTool.InvokeAsync(this.ws.Invocation(new { command = new[] { "git", "status" } }), default);

        Assert.NotEqual(0, sandboxed.Int("exitCode"));
        Assert.Contains("not a git repository", sandboxed.Str("stderr"), StringComparison.Ordinal);

        // Without the sandbox the ceiling alone still stops discovery at the workspace.
        Assert.NotEqual(0, unsandboxed.Int("exitCode"));
        Assert.Contains("not a git repository", unsandboxed.Str("stderr"), StringComparison.Ordinal);
    }

    private static int RunOnHost(string cwd, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private string PlantProgram()
    {
        string program = this.ws.Write("evil.sh", $"#!/bin/sh\necho \"$1\" >> '{this.ws.PathOf("marker")}'\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return program;
    }

    private async Task Run(string command)
    {
        JsonElement result = await this.tool.InvokeAsync(this.ws.Invocation(new { command }), default);
        Assert.True(result.Int("exitCode") == 0, result.Str("stderr"));
    }
}
