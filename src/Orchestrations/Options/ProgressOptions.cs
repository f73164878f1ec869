namespace ScriptHarness.Orchestrations.Options;

/// <summary>
/// Limits on <c>context.emitProgress</c> (host.json <c>orchestrations:progress</c>): messages over
/// the rate or the count are dropped silently (a script must not fail because of logging).
/// </summary>
public sealed class ProgressOptions
{
    /// <summary>Minimum orchestration time between two accepted messages. Default 500 ms.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Most messages accepted per run. Default 50.</summary>
    public int MaxMessages { get; set; } = 50;

    /// <summary>Longer messages are cut and suffixed with an ellipsis. Default 1,000 characters.</summary>
    public int MaxMessageLength { get; set; } = 1000;
}
