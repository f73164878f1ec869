using Spectre.Console;

namespace ScriptHarness.Host.Cli;

/// <summary>
/// The Spectre.Console console of a CLI stream: colours and live updates when it is a terminal,
/// plain text (no escape sequences, no wrapping) when it is redirected to a file or a pipe.
/// </summary>
internal static class CliConsole
{
    /// <summary>Wide enough that a redirected line is never wrapped (tools and people read it whole).</summary>
    private const int RedirectedWidth = 4096;

    /// <summary>The console over <paramref name="writer"/>; <paramref name="terminal"/> when the stream is a terminal.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }

    /// <summary>The console of standard error (where the prompt goes).</summary>
    public static IAnsiConsole Error() => Create(Console.Error, !Console.IsErrorRedirected);
}
