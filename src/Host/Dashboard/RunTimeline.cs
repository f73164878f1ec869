using System.Text.Json.Nodes;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Host.Dashboard;

/// <summary>One line of a run's timeline, read from its audit history.</summary>
/// <param name="At">When it was recorded.</param>
/// <param name="Kind"><c>started</c>, <c>call</c>, <c>decision</c>, <c>result</c>, <c>timer</c>, <c>terminate</c>, <c>finished</c>, <c>other</c>.</param>
/// <param name="Title">A one-line summary.</param>
internal sealed record TimelineEntry(DateTimeOffset At, string Kind, string Title)
{
    public int? CallId { get; init; }

    public string? Tool { get; init; }

    public string? Args { get; init; }

    public string? Result { get; init; }

    public string? Error { get; init; }

    public TimeSpan? Duration { get; init; }

    public string? Who { get; init; }

    public string? Scope { get; init; }

    public string? Reason { get; init; }
}

/// <summary>Turns a run's history into its timeline: calls with their results and durations, decisions with who, when, scope and reason, timers.</summary>
internal static class RunTimeline
{
    public static IReadOnlyList<TimelineEntry> From(IReadOnlyList<DurableHistoryEvent> history)
    {
        List<TimelineEntry> entries = [];
        Dictionary<int, int> callAt = [];
        foreach (DurableHistoryEvent e in history)
        {
            switch (e.Type)
            {
                case "executionStarted":
                    entries.Add(new TimelineEntry(e.Timestamp, "started", "Run started"));
                    break;
                case "taskScheduled":
                    callAt[e.EventId] = entries.Count;
                    entries.Add(new TimelineEntry(e.Timestamp, "call", e.Name ?? "task")
                    {
                        CallId = Json.Int(e.Input, "callSeq"),
                        Tool = e.Name,
                        Args = Json.Get(e.Input, "args") is { } args ? Json.Pretty(args) : Json.Pretty(e.Input),
                    });
                    break;
                case "taskCompleted" or "taskFailed" when e.TaskScheduledId is { } id && callAt.TryGetValue(id, out int at):
                    TimelineEntry call = entries[at];
                    entries[at] = call with
                    {
                        Result = e.Type == "taskCompleted" ? Json.Pretty(e.Output) : null,
                        Error = e.Type == "taskFailed" ? FailureText(e.Failure?.ErrorMessage) : null,
                        Duration = e.Timestamp - call.At,
                    };
                    break;
                case "eventRaised":
                    entries.Add(Raised(e));
                    break;
                case "timerCreated":
                    entries.Add(new TimelineEntry(e.Timestamp, "timer", $"Timer set for {e.FireAt:u}"));
                    break;
                case "timerFired":
                    entries.Add(new TimelineEntry(e.Timestamp, "timer", $"Timer fired ({e.FireAt:u})"));
                    break;
                case "executionCompleted":
                    entries.Add(new TimelineEntry(e.Timestamp, "finished", $"Run finished: {e.Status}"));
                    break;
                case "executionTerminated":
                    entries.Add(new TimelineEntry(e.Timestamp, "terminate", "Run terminated (forced)") { Reason = e.Reason });
                    break;
                default:
                    break;
            }
        }

        return entries;
    }

    private static TimelineEntry Raised(DurableHistoryEvent e)
    {
        string name = e.Name ?? string.Empty;
        JsonNode? p = e.Payload;
        if (RunEvents.ApprovalCallId(name) is { } callId)
        {
            string verdict = Json.Text(p, "verdict") ?? "?";
            return new TimelineEntry(e.Timestamp, "decision", $"Call {callId}: {verdict}")
            {
                CallId = callId,
                Who = Who(p),
                Scope = Json.Text(p, "scope"),
                Reason = Json.Text(p, "reason"),
            };
        }

        if (name.StartsWith("result-", StringComparison.Ordinal))
        {
            return new TimelineEntry(e.Timestamp, "result", $"Result posted for {name}") { Who = Who(p), Result = Json.Pretty(Json.Get(p, "result")), Error = Json.Text(p, "error") };
        }

        if (name == RunEvents.Terminate)
        {
            return new TimelineEntry(e.Timestamp, "terminate", "Terminate requested") { Who = Json.Text(p, "requestedBy"), Reason = Json.Text(p, "reason") };
        }

        return new TimelineEntry(e.Timestamp, "other", "Event " + name);
    }

    // A tool's failure message is its typed error as JSON: shown as "code: message".
    private static string FailureText(string? message)
    {
        try
        {
            JsonNode? error = message is null ? null : JsonNode.Parse(message);
            return Json.Text(error, "message") is { } text ? $"{Json.Text(error, "code")}: {text}" : message ?? "failed";
        }
        catch (System.Text.Json.JsonException)
        {
            return message ?? "failed";
        }
    }

    private static string Who(JsonNode? payload) =>
        string.Join(" ", new[] { Json.Text(payload, "decidedBy"), Json.Text(payload, "keyId") is { } key ? "(" + key + ")" : null }.Where(s => s is not null));
}
