using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ScriptHarness.Activities.Telemetry;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Orchestrations.Telemetry;

/// <summary>
/// The trace and span ids of a turn, its runs and their calls, derived from their instance ids:
/// a run's spans are emitted in whichever episode (and process) sees the work end, and a tool's
/// activity runs elsewhere again, so none of them can hand its id to the others; each computes
/// the same ids instead. One turn is one trace: the Durable Task Framework's trace when its span
/// is current (DTFx keeps one trace from the client that started the turn, an HTTP request for
/// example, through the sub-orchestrations to the activities, its span ids fixed in the history),
/// otherwise a trace id hashed from the turn's instance id.
/// </summary>
internal static class TraceIds
{
    public static ActivityContext Turn(string turnId) => new(Trace(turnId), Span("turn", turnId), ActivityTraceFlags.Recorded);

    public static ActivityContext Run(string runId) => new(Trace(RunIds.TurnOf(runId)), Span("run", runId), ActivityTraceFlags.Recorded);

    public static ActivityContext Call(string runId, int callId) =>
        new(Trace(RunIds.TurnOf(runId)), Span("call", RunIds.IdempotencyKey(runId, callId)), ActivityTraceFlags.Recorded);

    /// <summary>The framework's span of the orchestration or activity running now, if it traces.</summary>
    public static Activity? Framework() =>
        Activity.Current is { } current && current.Source.Name == HarnessTelemetry.FrameworkSourceName ? current : null;

    private static ActivityTraceId Trace(string turnId) => Framework()?.TraceId ?? ActivityTraceId.CreateFromBytes(Hash("trace", turnId)[..16]);

    private static ActivitySpanId Span(string kind, string key) => ActivitySpanId.CreateFromBytes(Hash(kind, key)[..8]);

    private static byte[] Hash(string kind, string key) => SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + key));
}
