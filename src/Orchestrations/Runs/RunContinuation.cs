namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// What a continued run may reuse from the run it continues: that run's completed calls, in call
/// order, read by the client from its history before the new run is scheduled. The orchestrator
/// reads nothing else, so a continued run replays deterministically without any I/O.
/// </summary>
/// <param name="FromRunId">The instance id of the run this one continues.</param>
/// <param name="Calls">The earlier run's completed calls (tool, arguments, recorded outcome), by call id.</param>
public sealed record RunContinuation(string FromRunId, IReadOnlyList<RecordedCall> Calls);
