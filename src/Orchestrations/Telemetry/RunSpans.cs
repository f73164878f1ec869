using System.Diagnostics;
using ScriptHarness.Activities.Telemetry;

namespace ScriptHarness.Orchestrations.Telemetry;

/// <summary>
/// Emits the finished spans of turns, runs and calls from orchestrator code. A span is emitted
/// once, by the episode that is not replaying when the work ends, with the start and end read
/// from the orchestration's clock (the history's timestamps), so a replay adds no span and a
/// span may cover many episodes (a call waiting a day for its approval). Each carries the id
/// <see cref="TraceIds"/> derives, so children emitted earlier or elsewhere point at it.
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
        Activity? framework = TraceIds.Framework();

        // The turn's span hangs under the framework's turn orchestration span when there is one
        // (so under the request that started the turn), and is the root of its own trace otherwise;
        // the others have their parent and a link to the framework's span of their orchestration.
        ActivityLink[]? links = framework is not null && parent != default ? [new ActivityLink(framework.Context)] : null;
        ActivityContext parentContext = parent != default ? parent
            : framework is not null ? framework.Context
            : new ActivityContext(self.TraceId, default, self.TraceFlags);

        // No ambient parent: a root span would otherwise adopt the current activity as its parent.
        Activity.Current = null;
        Activity? span = Source.CreateActivity(name, ActivityKind.Internal, parentContext, tags, links);
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
