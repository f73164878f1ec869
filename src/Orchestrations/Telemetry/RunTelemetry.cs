using ScriptHarness.Activities.Telemetry;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Orchestrations.Telemetry;

/// <summary>
/// The spans and measurements of whole runs and turns (<c>scriptharness.run</c> under
/// <c>scriptharness.turn</c>) and the log scope of a run. Callers record only when the
/// orchestration context is not replaying; start and end come from the orchestration's clock.
/// </summary>
internal static class RunTelemetry
{
    public static Dictionary<string, object> Scope(string runId) => new() { ["RunId"] = runId };

    public static void Finished(string runId, ScriptRunReport report, DateTime start, DateTime end)
    {
        string outcome = Outcome(report.Status);
        RunMetrics.RunFinished(outcome);
        string? code = report.Error?.Code.ToCode();
        List<KeyValuePair<string, object?>> tags =
        [
            new(HarnessTelemetry.RunId, runId),
            new(HarnessTelemetry.TurnId, RunIds.TurnOf(runId)),
            new(HarnessTelemetry.Outcome, outcome),
        ];
        if (code is not null)
        {
            tags.Add(new(HarnessTelemetry.ErrorCode, code));
        }

        RunSpans.Emit(RunSpans.RunSpan, TraceIds.Run(runId), TraceIds.Turn(RunIds.TurnOf(runId)), start, end, tags, code);
    }

    public static void TurnFinished(string turnId, ScriptRunStatus status, DateTime start, DateTime end)
    {
        string outcome = Outcome(status);
        RunSpans.Emit(
            RunSpans.TurnSpan,
            TraceIds.Turn(turnId),
            parent: default,
            start,
            end,
            [new(HarnessTelemetry.TurnId, turnId), new(HarnessTelemetry.Outcome, outcome)],
            status == ScriptRunStatus.Completed ? null : outcome);
    }

    public static string Outcome(ScriptRunStatus status) => status switch
    {
        ScriptRunStatus.Completed => "completed",
        ScriptRunStatus.Failed => "failed",
        ScriptRunStatus.Cancelled => "cancelled",
        _ => "not-run",
    };
}
