using System.Text.RegularExpressions;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Host.Cli;
using ScriptHarness.Host.Cli.Approval;
using ScriptHarness.Orchestrations.Status;
using Spectre.Console;
using Spectre.Console.Testing;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>
/// The terminal approval prompt as a reviewer reads it (Spectre.Console, checked with its
/// TestConsole): a patch as a coloured diff against the workspace, a command with where it runs and
/// what the sandbox allows, other tools as indented JSON; and nothing the model wrote is read as
/// Spectre markup or reaches the terminal as a control sequence.
/// </summary>
public sealed partial class ApprovalViewTests : IDisposable
{
    private readonly string workspace = Directory.CreateTempSubdirectory("sh-view-").FullName;

    public void Dispose() => Directory.Delete(this.workspace, recursive: true);

    [Fact]
    public void An_applyPatch_is_a_coloured_diff_against_the_workspace_files()
    {
        Directory.CreateDirectory(Path.Combine(this.workspace, "src"));
        File.WriteAllText(Path.Combine(this.workspace, "src", "app.txt"), "alpha\nbeta\ngamma\n");
        File.WriteAllText(Path.Combine(this.workspace, "old.txt"), "x\n");
        string patch = "*** Begin Patch\n*** Update File: src/app.txt\n@@\n beta\n-gamma\n+GAMMA\n*** Update File: src/app.txt\n@@\n nothing like this\n-here\n+there\n*** Add File: new.txt\n+hello\n*** Add File: old.txt\n+again\n*** Delete File: gone.txt\n*** End Patch";
        PendingCall call = Call("applyPatch", new { patch });

        string plain = Render(call, ansi: false);
        Assert.Contains("? run run-1 call #4 applyPatch (line 7)", plain, StringComparison.Ordinal);
        Assert.Contains("  needs approval: the patch writes files", plain, StringComparison.Ordinal);
        Assert.Contains("    update src/app.txt  (3 lines)", plain, StringComparison.Ordinal);
        Assert.Contains("      @@ line 2 of the file", plain, StringComparison.Ordinal);
        Assert.Contains("      -gamma", plain, StringComparison.Ordinal);
        Assert.Contains("      +GAMMA", plain, StringComparison.Ordinal);
        Assert.Contains("      @@ context not found in the file: the patch will fail", plain, StringComparison.Ordinal);
        Assert.Contains("    add new.txt  (new file)", plain, StringComparison.Ordinal);
        Assert.Contains("    add old.txt  (exists: Add File over it is refused)", plain, StringComparison.Ordinal);
        Assert.Contains("    delete gone.txt  (does not exist: the patch will fail)", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("Begin Patch", plain, StringComparison.Ordinal);

        // In colour: removed and added lines in different colours, each starting with its own escape sequence.
        string coloured = Render(call, ansi: true);
        string removed = Assert.Single(Sgr().Matches(coloured), m => m.Groups["text"].Value == "-gamma").Groups["sgr"].Value;
        string added = Assert.Single(Sgr().Matches(coloured), m => m.Groups["text"].Value == "+GAMMA").Groups["sgr"].Value;
        Assert.NotEqual(removed, added);
    }

    [Fact]
    public void An_exec_call_shows_its_command_line_its_cwd_and_what_the_sandbox_allows()
    {
        ExecOptions exec = new();
        exec.ReadOnlyPaths.Add("/opt/toolchain");
        PendingCall call = Call("exec", new { command = new[] { "sh", "-c", "echo hi > out.txt" }, cwd = "sub", env = new { MODE = "fast lane" } });

        string plain = Render(call, ansi: false, exec);
        Assert.Contains("    command: sh -c 'echo hi > out.txt'", plain, StringComparison.Ordinal);
        Assert.Contains($"    cwd: {Path.Combine(this.workspace, "sub")}", plain, StringComparison.Ordinal);
        Assert.Contains("    env: MODE='fast lane'", plain, StringComparison.Ordinal);
        Assert.Contains($"    sandbox: bubblewrap: writes only {this.workspace};", plain, StringComparison.Ordinal);
        Assert.Contains("/opt/toolchain", plain, StringComparison.Ordinal);
        Assert.Contains("no network unless a policy rule grants it", plain, StringComparison.Ordinal);

        // A shell string is shown as the shell will run it.
        Assert.Contains("    command: /bin/sh -c 'ls | wc -l'", Render(Call("exec", new { command = "ls | wc -l" }), ansi: false), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_tool_shows_its_arguments_as_indented_JSON()
    {
        string plain = Render(Call("lookupTicket", new { id = "T-7", fields = new[] { "title" } }), ansi: false);
        Assert.Contains("    {\n      \"id\": \"T-7\",\n      \"fields\": [\n        \"title\"\n      ]\n    }", plain.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[red]boom[/]")]
    [InlineData("[/]")]
    [InlineData("[link=https://evil.example]click[/]")]
    [InlineData("\u001b[2J\u001b[31mfake")]
    [InlineData("\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007")]
    public void Markup_and_control_sequences_in_what_the_model_wrote_print_as_written_and_do_nothing(string payload)
    {
        File.WriteAllText(Path.Combine(this.workspace, "a.txt"), "one\n");
        string patch = $"*** Begin Patch\n*** Update File: a.txt\n@@\n-one\n+{payload}\n*** Add File: {payload}.txt\n+{payload}\n*** End Patch";
        PendingCall[] calls =
        [
            Call("applyPatch", new { patch }, reason: payload),
            Call("exec", new { command = new[] { "echo", payload }, cwd = payload }, reason: payload),
            Call("x" + payload, new { note = payload }, reason: payload),
        ];
        string shown = TerminalText.Line(payload);
        foreach (PendingCall call in calls)
        {
            foreach (bool ansi in new[] { false, true })
            {
                string output = Render(call, ansi);

                // Printed literally (escaped for the terminal, never parsed as markup: no exception, nothing dropped) ...
                Assert.Contains(shown, output, StringComparison.Ordinal);

                // ... and the only escape sequences are the colours the view chose.
                string withoutOurs = Sgr().Replace(output, "${text}");
                Assert.DoesNotContain('\u001b', withoutOurs);
                Assert.DoesNotContain('\u0007', output);
                Assert.DoesNotContain("\u001b]8;", output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_prompt_reads_the_answer_after_showing_the_call()
    {
        TestConsole console = new();
        console.Profile.Width = 300;
        TerminalApprover approver = new(CliApproval.Ask, new StringReader("maybe\na\n"), console, this.workspace, new ExecOptions());
        var decision = await approver.DecideAsync("run-1", Call("exec", new { command = new[] { "make" } }), CancellationToken.None);
        Assert.Equal(Orchestrations.Events.DecisionScope.Run, decision!.Scope);
        Assert.Equal(2, Regex.Count(console.Output, Regex.Escape("approve? [y]es / [n]o / [a]lways for this run: ")));
    }

    private static PendingCall Call(string tool, object args, string reason = "the patch writes files") =>
        new(4, tool, System.Text.Json.JsonSerializer.Serialize(args), PendingKind.Approval, reason, DateTime.UtcNow.AddHours(1)) { Line = 7 };

    private string Render(PendingCall call, bool ansi, ExecOptions? exec = null)
    {
        TestConsole console = new();
        console.Profile.Width = 300;
        if (ansi)
        {
            console.Profile.Capabilities.Ansi = true;
            console.Profile.Capabilities.ColorSystem = ColorSystem.Standard;
            console.EmitAnsiSequences = true;
        }

        ApprovalView.Write(console, "run-1", call, this.workspace, exec ?? new ExecOptions());
        return console.Output;
    }

    // One colour sequence and the text it styles.
    [GeneratedRegex("(?<sgr>\u001b\\[[0-9;]*m)(?<text>[^\u001b]*)")]
    private static partial Regex Sgr();
}
