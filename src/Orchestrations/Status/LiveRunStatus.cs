namespace ScriptHarness.Orchestrations.Status;

/// <summary>
/// The run's custom status, computed when the framework serializes it at the end of each
/// episode rather than rebuilt on every step of every replay. It serializes to the shape of
/// <see cref="RunStatus"/>, which clients read it as.
/// </summary>
internal sealed class LiveRunStatus(Func<RunStatus> current)
{
    public RunPhase Phase => current().Phase;

    public int CallsDone => current().CallsDone;

    public int CallsInFlight => current().CallsInFlight;

    public IReadOnlyList<PendingCall> Pending => current().Pending;

    public IReadOnlyList<DecidedCall> Decided => current().Decided;

    public string? LastProgress => current().LastProgress;

    public bool DryRun => current().DryRun;
}
