using System.Globalization;
using ScriptHarness.Durable.History;

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
        return string.Create(CultureInfo.InvariantCulture, $"{e.Sequence,4} {e.Timestamp:HH:mm:ss.fff} {e.Type,-28} {detail}");
    }

    private static string Cut(string? text) => text is null ? string.Empty : text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "…");
}
