using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ScriptHarness.Host.Cli;
using ScriptHarness.Host.Hosting;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>A log entry whose values a script controls is written on one line with its controls escaped.</summary>
public sealed class TerminalLogFormatterTests
{
    [Fact]
    public void A_structured_value_and_an_exception_with_escape_sequences_are_written_escaped()
    {
        const string hostile = "run-1\u001b[2K\r\u001b]0;owned\u0007\u202eexe";
        using StringWriter output = new();
        Dictionary<string, object?> state = new() { ["InstanceId"] = hostile };
        LogEntry<Dictionary<string, object?>> entry = new(
            LogLevel.Warning,
            "ScriptHarness.Test",
            new EventId(42),
            state,
            new InvalidOperationException("boom\u001b[1A\rline two\nline three"),
            (s, _) => $"Run {s["InstanceId"]} asked to cancel.");

        new TerminalLogFormatter().Write(entry, new LoggerExternalScopeProvider(), output);

        string written = output.ToString();
        foreach (char c in written)
        {
            Assert.True(c == '\n' || !TerminalText.MustEscape(c), $"raw U+{(int)c:X4} in: {written}");
        }

        Assert.StartsWith("warn: ScriptHarness.Test[42] Run run-1\\x1b[2K\\r\\x1b]0;owned\\x07\\u202eexe asked to cancel.", written, StringComparison.Ordinal);
        Assert.Contains("boom\\x1b[1A\\rline two\n      line three", written, StringComparison.Ordinal);
    }
}
