namespace ScriptHarness.Orchestrations.Events;

/// <summary>
/// A human's decision on a call, the payload of that call's external event. It is recorded in
/// the run's history as it arrived, so the history says who decided what, when and why.
/// </summary>
/// <param name="Verdict">Approve or deny.</param>
/// <param name="Scope">This call, or every matching call of the run.</param>
/// <param name="Reason">Why; on denial the script's error carries it.</param>
/// <param name="DecidedBy">The decider as the caller claims it (a user name, an email).</param>
/// <param name="KeyId">The id of the authenticated API key that delivered the decision.</param>
/// <param name="DecidedAt">When the decision was made (the client's clock; the history has the framework's).</param>
public sealed record ApprovalDecision(
    DecisionVerdict Verdict,
    DecisionScope Scope = DecisionScope.Call,
    string? Reason = null,
    string? DecidedBy = null,
    string? KeyId = null,
    DateTimeOffset? DecidedAt = null)
{
    /// <summary>Whether two decisions say the same thing (who and when may differ).</summary>
    public bool SameAs(ApprovalDecision other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this.Verdict == other.Verdict && this.Scope == other.Scope;
    }
}
