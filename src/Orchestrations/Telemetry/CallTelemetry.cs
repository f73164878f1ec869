using ScriptHarness.Activities.Telemetry;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;

namespace ScriptHarness.Orchestrations.Telemetry;

/// <summary>
/// A call's span (<c>scriptharness.call</c>, from the script's request to its outcome, across
/// any approval wait, under the run's span) and its measurements. The caller records only when
/// the orchestration context is not replaying.
/// </summary>
internal static class CallTelemetry
{
    public static void Finished(string runId, TrackedCall call, ToolOutcome outcome, DateTime start, DateTime end)
    {
        string result = Outcome(outcome);
        RunMetrics.CallFinished(call.Request.Tool, result, end - start);
        if (!RunSpans.Enabled)
        {
            return;
        }

        string? code = outcome.Error?.Code.ToCode();
        List<KeyValuePair<string, object?>> tags =
        [
            new(HarnessTelemetry.RunId, runId),
            new(HarnessTelemetry.CallId, call.CallId),
            new(HarnessTelemetry.Tool, call.Request.Tool),
            new(HarnessTelemetry.Outcome, result),
            new(HarnessTelemetry.Decision, Decision(call)),
        ];
        if (code is not null)
        {
            tags.Add(new(HarnessTelemetry.ErrorCode, code));
        }

        if (outcome.Attempts is int attempts)
        {
            tags.Add(new(HarnessTelemetry.Attempts, attempts));
        }

        RunSpans.Emit(RunSpans.CallSpan, TraceIds.Call(runId, call.CallId), TraceIds.Run(runId), start, end, tags, code);
    }

    public static void Waited(TrackedCall call, CallResolution resolution, TimeSpan waited)
    {
        string decision = resolution.Kind switch
        {
            CallResolutionKind.Decided or CallResolutionKind.Granted => resolution.Decision!.Verdict == DecisionVerdict.Approve ? "approved" : "denied",
            CallResolutionKind.Expired => "expired",
            _ => "cancelled",
        };
        RunMetrics.ApprovalWaited(call.Request.Tool, decision, waited);
    }

    /// <summary>How a call ended, for spans and metrics: <c>succeeded</c>, <c>denied</c>, <c>expired</c>, <c>cancelled</c> or <c>failed</c>.</summary>
    public static string Outcome(ToolOutcome outcome) => outcome.Error?.Code switch
    {
        null => "succeeded",
        ScriptErrorCode.ApprovalDenied => "denied",
        ScriptErrorCode.ApprovalExpired => "expired",
        ScriptErrorCode.Cancelled => "cancelled",
        _ => "failed",
    };

    private static string Decision(TrackedCall call) => call.Audit switch
    {
        { Decision: { } made } => made.Verdict == DecisionVerdict.Approve ? "approved" : "denied",
        { Expired: true } => "expired",
        { Cancelled: true } => "cancelled",
        _ => call.Verdict.Action switch
        {
            ApprovalAction.Allow => "allowed",
            ApprovalAction.Deny => "denied",
            _ => "asked",
        },
    };
}
