using System.Diagnostics;
using System.Diagnostics.Metrics;
using ScriptHarness.Activities.Telemetry;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Orchestrations.Telemetry;

/// <summary>
/// The run and call instruments of the <c>ScriptHarness</c> meter. Orchestrator code records
/// only when the context is not replaying, so each run and call counts once however many
/// episodes replay it; durations come from the orchestration's clock.
/// </summary>
internal static class RunMetrics
{
    private static readonly Meter Meter = new(HarnessTelemetry.MeterName);
    private static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>("scriptharness.runs.started", "{run}", "Script runs started.");
    private static readonly Counter<long> RunsFinished = Meter.CreateCounter<long>("scriptharness.runs.finished", "{run}", "Script runs finished, by outcome (the report's status).");
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("scriptharness.calls", "{call}", "Tool calls finished, by tool and outcome.");
    private static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>("scriptharness.call.duration", "s", "A call from the script's request to its outcome, approval wait included.");
    private static readonly Histogram<double> ApprovalWait = Meter.CreateHistogram<double>("scriptharness.approval.wait", "s", "How long a call waited for a human decision, by decision.");
    private static ScriptLimits? pooled;

    static RunMetrics()
    {
        Meter.CreateObservableGauge(
            "scriptharness.sandbox.pool.size",
            () => pooled is { } limits ? [new Measurement<int>(ScriptRun.ReadyCount(limits))] : Array.Empty<Measurement<int>>(),
            "{engine}",
            "Hardened script engines ready for the next runs (orchestrations:prewarmedSandboxes).");
    }

    /// <summary>Makes the pool gauge report the pool of engines for <paramref name="limits"/> (the worker's).</summary>
    public static void WatchPool(ScriptLimits limits) => pooled = limits;

    public static void RunStarted() => RunsStarted.Add(1);

    public static void RunFinished(string outcome) => RunsFinished.Add(1, new KeyValuePair<string, object?>(HarnessTelemetry.Outcome, outcome));

    public static void CallFinished(string tool, string outcome, TimeSpan duration)
    {
        TagList tags = new() { { HarnessTelemetry.Tool, tool }, { HarnessTelemetry.Outcome, outcome } };
        Calls.Add(1, tags);
        CallDuration.Record(duration.TotalSeconds, tags);
    }

    public static void ApprovalWaited(string tool, string decision, TimeSpan waited) =>
        ApprovalWait.Record(waited.TotalSeconds, new TagList { { HarnessTelemetry.Tool, tool }, { HarnessTelemetry.Decision, decision } });
}
