using ScriptHarness.Host.Cli;
using ScriptHarness.Host.Cli.Approval;
using Spectre.Console;
using Spectre.Console.Testing;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>Progress as a live line on a terminal, plain lines otherwise; the model's tool names inert in both.</summary>
public sealed class LiveProgressTests
{
    private const string Hostile = "exec[red]\u001b]0;retitled\u0007[/]";

    [Fact]
    public async Task On_a_terminal_the_calls_in_flight_are_a_live_line_and_the_lines_print_above_it()
    {
        TestConsole console = new();
        console.Profile.Width = 300;
        console.Profile.Capabilities.Ansi = true;
        console.Profile.Capabilities.Interactive = true;
        console.EmitAnsiSequences = true;
        LiveProgress live = new(console);
        live.Started(1, Hostile);
        await live.Lines.WriteLineAsync("> #1 " + TerminalText.Line(Hostile) + " {}");

        // The live line is drawn by Spectre's refresh loop: wait (generously) until it has been.
        for (int i = 0; i < 200 && !console.Output.Contains("running #1", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        await live.DisposeAsync();
        string output = console.Output;
        Assert.Contains("running #1 " + TerminalText.Line(Hostile), output, StringComparison.Ordinal);
        Assert.Contains("> #1 " + TerminalText.Line(Hostile) + " {}", output, StringComparison.Ordinal);

        // The OSC title sequence and the bell never reach the terminal; the brackets are text, not markup.
        Assert.DoesNotContain("\u001b]0;", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0007', output);
    }

    [Fact]
    public void Redirected_output_is_plain_text_without_escape_sequences_or_wrapping()
    {
        using StringWriter writer = new();
        IAnsiConsole console = CliConsole.Create(writer, terminal: false);
        string longLine = string.Concat(Enumerable.Repeat("word ", 120)).TrimEnd();
        ApprovalView.WriteLine(console, ("  ", Style.Plain), (longLine, new Style(Color.Red)), ("[bold]", Style.Plain));
        Assert.Equal("  " + longLine + "[bold]" + Environment.NewLine, writer.ToString());
    }
}
