using System.Globalization;
using System.Text.Json;

namespace ScriptHarness.Host.Reports;

/// <summary>A block report for people: status, calls, logs, result.</summary>
internal static class ReportText
{
    public static async Task WriteAsync(TextWriter writer, BlockReport report)
    {
        await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"block {report.Block} [{report.InstanceId ?? "no run"}]: {report.Status}")).ConfigureAwait(false);
        foreach (var call in report.Calls)
        {
            string error = call.Error is null ? string.Empty : $" ({call.Error.Code}: {call.Error.Message})";
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  call #{call.Id} {call.Tool} line {call.Line}: {call.Status}{error}")).ConfigureAwait(false);
        }

        foreach (var approval in report.Approvals ?? [])
        {
            string decided = approval.Decision is { } d ? $"{d.Verdict} by {d.DecidedBy ?? d.KeyId ?? "unknown"}" : approval.Expired ? "expired" : approval.Policy.ToString();
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  approval #{approval.CallId} {approval.Tool}: {decided}")).ConfigureAwait(false);
        }

        foreach (var log in report.Logs)
        {
            await writer.WriteLineAsync($"  {log.Level.ToString().ToLowerInvariant()}: {log.Message}").ConfigureAwait(false);
        }

        if (report.Result is { } result)
        {
            await writer.WriteLineAsync("  result: " + JsonSerializer.Serialize(result, ReportJson.Options)).ConfigureAwait(false);
        }

        if (report.Error is { } err)
        {
            await writer.WriteLineAsync($"  error ({err.Code}): {err.Message}").ConfigureAwait(false);
        }
    }
}
