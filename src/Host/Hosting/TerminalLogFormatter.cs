using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using ScriptHarness.Host.Cli;

namespace ScriptHarness.Host.Hosting;

/// <summary>
/// The console log format of every verb: one line per entry, like the simple console format, with
/// the message and the exception passed through <see cref="TerminalText"/>. Log messages carry run
/// ids, tool names and failure messages that a script controls (ours as structured values, the
/// framework's as it formats them); escaping the formatted text here covers both.
/// </summary>
internal sealed class TerminalLogFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's name in the console logger options.</summary>
    public const string FormatterName = "scriptharness";

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string? message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(TerminalText.Line(logEntry.Category));
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(TerminalText.Line(message));
        if (logEntry.Exception is { } exception)
        {
            // The stack trace keeps its lines, indented under the entry; only its controls are escaped.
            textWriter.Write(Environment.NewLine + "      ");
            textWriter.Write(TerminalText.Block(exception.ToString(), "      "));
        }

        textWriter.Write(Environment.NewLine);
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
