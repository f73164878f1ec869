namespace ScriptHarness.Activities.Telemetry;

/// <summary>
/// The names ScriptHarness emits its traces and metrics under (System.Diagnostics only: a host
/// that wants them adds the OpenTelemetry SDK and listens to <see cref="SourceName"/> and
/// <see cref="MeterName"/>; with no listener nothing is recorded) and the attribute keys its
/// spans and measurements carry.
/// </summary>
public static class HarnessTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name of every ScriptHarness span.</summary>
    public const string SourceName = "ScriptHarness";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name of every ScriptHarness instrument.</summary>
    public const string MeterName = "ScriptHarness";

    /// <summary>The Durable Task Framework's own activity source, whose spans ours link to.</summary>
    public const string FrameworkSourceName = "DurableTask.Core";

    /// <summary>Span of a tool's execution inside its activity.</summary>
    public const string ToolSpan = "scriptharness.tool";

    /// <summary>Attribute: the turn's instance id.</summary>
    public const string TurnId = "scriptharness.turn.id";

    /// <summary>Attribute: the run's instance id.</summary>
    public const string RunId = "scriptharness.run.id";

    /// <summary>Attribute: the call's id within its run.</summary>
    public const string CallId = "scriptharness.call.id";

    /// <summary>Attribute: the tool's name.</summary>
    public const string Tool = "scriptharness.tool";

    /// <summary>Attribute: how the span's work ended (<c>succeeded</c>, <c>failed</c>, <c>denied</c>, <c>expired</c>, <c>cancelled</c>; a run's or turn's report status).</summary>
    public const string Outcome = "scriptharness.outcome";

    /// <summary>Attribute: the stable error code, when the work failed.</summary>
    public const string ErrorCode = "scriptharness.error.code";

    /// <summary>Attribute: the approval decision of a call (<c>allowed</c>, <c>approved</c>, <c>denied</c>, <c>expired</c>, <c>cancelled</c>).</summary>
    public const string Decision = "scriptharness.decision";

    /// <summary>Attribute: how many attempts a call under a retry policy made (absent when the tool has no policy).</summary>
    public const string Attempts = "scriptharness.call.attempts";
}
