using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Orchestrations.Status;

/// <summary>A call that asked and was decided, so clients can refuse a conflicting second decision.</summary>
/// <param name="CallId">The call sequence number.</param>
/// <param name="Verdict">What was decided (expiry counts as a denial).</param>
/// <param name="Scope">The decision's scope.</param>
/// <param name="Expired">Whether nobody decided before the expiry.</param>
public sealed record DecidedCall(int CallId, DecisionVerdict Verdict, DecisionScope Scope, bool Expired = false)
{
    /// <summary>
    /// Whether the decision was delivered to the run and the run has not processed it yet (its
    /// next episode will). Such a call is no longer pending: deciding it again is a no-op when
    /// the verdict agrees and a conflict when it does not.
    /// </summary>
    public bool Delivered { get; init; }
}
