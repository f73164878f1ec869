using System.Diagnostics;
using ScriptHarness.Activities.Telemetry;

namespace ScriptHarness.Orchestrations.Telemetry;

/// <summary>
/// Emits the finished spans of turns, runs and calls from orchestrator code. A span is emitted
/// once, by the episode that is not replaying when the work ends, with the start and end read
/// from the orchestration's clock (the history's timestamps), so a replay adds no span and a
/// span may cover many episodes (a call waiting a day for its approval). Each carries the id
/// <see cref="TraceIds"/> derives, so children emitted earlier or elsewhere point at it, and a
/// link to the Durable Task Framework's span when one is current.
/// </summary>
internal static class RunSpans
{
    public const string TurnSpan = "scriptharness.turn";
    public const string RunSpan = "scriptharness.run";
    public const string CallSpan = "scriptharness.call";

    private static readonly ActivitySource Source = new(HarnessTelemetry.SourceName);

    public static bool Enabled => Source.HasListeners();

    public static void Emit(
        string name,
        ActivityContext self,
        ActivityContext parent,
        DateTime start,
        DateTime end,
        IEnumerable<KeyValuePair<string, object?>> tags,
        string? error)
    {
        if (!Source.HasListeners())
        {
            return;
        }

        Activity? previous = Activity.Current;
        ActivityLink[]? links = previous is { } framework && framework.Source.Name == HarnessTelemetry.FrameworkSourceName
            ? [new ActivityLink(framework.Context)]
            : null;
        // No ambient parent: a root span (the turn's) would otherwise adopt the framework's span.
        Activity.Current = null;
        Activity? span = parent == default
            ? Source.CreateActivity(name, ActivityKind.Internal, new ActivityContext(self.TraceId, default, self.TraceFlags), tags, links)
            : Source.CreateActivity(name, ActivityKind.Internal, parent, tags, links);
        if (span is null)
        {
            Activity.Current = previous;
            return;
        }

        try
        {
            span.SetStartTime(DateTime.SpecifyKind(start, DateTimeKind.Utc));
            span.Start();
            SpanIdentity.TrySet(span, self.SpanId);
            if (error is not null)
            {
                span.SetStatus(ActivityStatusCode.Error, error);
            }

            span.SetEndTime(DateTime.SpecifyKind(end < start ? start : end, DateTimeKind.Utc));
            span.Stop();
        }
        finally
        {
            // Stopping restores the span's parent object, which is none here: keep the framework's.
            Activity.Current = previous;
        }
    }
}
