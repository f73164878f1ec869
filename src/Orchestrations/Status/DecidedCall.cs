using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Orchestrations.Status;

/// <summary>A call that asked and was decided, so clients can refuse a conflicting second decision.</summary>
/// <param name="CallId">The call sequence number.</param>
/// <param name="Verdict">What was decided (expiry counts as a denial).</param>
/// <param name="Scope">The decision's scope.</param>
/// <param name="Expired">Whether nobody decided before the expiry.</param>
public sealed record DecidedCall(int CallId, DecisionVerdict Verdict, DecisionScope Scope, bool Expired = false);
