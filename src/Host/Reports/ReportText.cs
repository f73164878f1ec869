using System.Globalization;
using System.Text.Json;
using ScriptHarness.Host.Cli;

namespace ScriptHarness.Host.Reports;

/// <summary>A block report for people: status, calls, logs, result.</summary>
internal static class ReportText
{
    // Continuation lines of a multi-line message or log are indented under it, so they cannot pose as report lines.
    private const string Continuation = "    | ";

    public static async Task WriteAsync(TextWriter writer, BlockReport report)
    {
        await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"block {report.Block} [{TerminalText.Line(report.InstanceId ?? "no run")}]: {report.Status}")).ConfigureAwait(false);
        foreach (var call in report.Calls)
        {
            string error = call.Error is null ? string.Empty : $" ({call.Error.Code}: {TerminalText.Block(call.Error.Message, Continuation)})";
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  call #{call.Id} {TerminalText.Line(call.Tool)} line {call.Line}: {call.Status}{(call.Reused ? " (reused, not run again)" : string.Empty)}{error}")).ConfigureAwait(false);
        }

        foreach (var approval in report.Approvals ?? [])
        {
            string decided = approval.Decision is { } d ? $"{d.Verdict} by {TerminalText.Line(d.DecidedBy ?? d.KeyId ?? "unknown")}" : approval.Expired ? "expired" : approval.Policy.ToString();
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  approval #{approval.CallId} {TerminalText.Line(approval.Tool)}: {decided}")).ConfigureAwait(false);
        }

        foreach (var log in report.Logs)
        {
            await writer.WriteLineAsync($"  {log.Level.ToString().ToLowerInvariant()}: {TerminalText.Block(log.Message, Continuation)}").ConfigureAwait(false);
        }

        if (report.Result is { } result)
        {
            await writer.WriteLineAsync("  result: " + TerminalText.Line(JsonSerializer.Serialize(result, ReportJson.Options))).ConfigureAwait(false);
        }

        if (report.Error is { } err)
        {
            await writer.WriteLineAsync($"  error ({TerminalText.Line(err.Code)}): {TerminalText.Block(err.Message, Continuation)}").ConfigureAwait(false);
        }
    }
}
