using System.Globalization;
using ScriptHarness.Durable.History;
using ScriptHarness.Host.Cli;

namespace ScriptHarness.Host.Reports;

/// <summary>One history event on one line, for people.</summary>
internal static class HistoryText
{
    public static string Describe(DurableHistoryEvent e)
    {
        string detail = e.Type switch
        {
            "taskScheduled" => $"{e.Name} {Cut(e.Input?.ToJsonString())}",
            "taskCompleted" => $"task {e.TaskScheduledId} -> {Cut(e.Output?.ToJsonString())}",
            "taskFailed" => $"task {e.TaskScheduledId} failed: {e.Failure?.ErrorMessage}",
            "eventRaised" => $"{e.Name} {Cut(e.Payload?.ToJsonString())}",
            "timerCreated" or "timerFired" => $"fires at {e.FireAt:u}",
            "executionCompleted" => $"{e.Status} {Cut(e.Output?.ToJsonString())}",
            "executionStarted" => $"{e.Name} {e.Version}",
            _ => e.Reason ?? e.Name ?? string.Empty,
        };
        // Names, inputs, outputs and failure messages carry the script's text: one escaped line each.
        return string.Create(CultureInfo.InvariantCulture, $"{e.Sequence,4} {e.Timestamp:HH:mm:ss.fff} {TerminalText.Line(e.Type),-28} {TerminalText.Line(detail)}");
    }

    private static string Cut(string? text) => text is null ? string.Empty : text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
}
