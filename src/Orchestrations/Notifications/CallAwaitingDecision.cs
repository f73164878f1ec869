namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// The input of <see cref="CallAwaitingDecisionActivity"/> (replay contract 2 and later): the
/// explicit record, in the run's history, of the moment a call started waiting for a decision,
/// and what the waiting notifications say.
/// </summary>
/// <param name="CallId">The call that waits.</param>
/// <param name="Tool">Its tool.</param>
/// <param name="Reason">Why the policy asked.</param>
/// <param name="Summary">A short line for a person.</param>
/// <param name="ExpiresAt">When the question expires unanswered.</param>
public sealed record CallAwaitingDecision(int CallId, string Tool, string Reason, string Summary, DateTime ExpiresAt)
{
    /// <summary>The run's notifications; null when it has none (the activity then only records the moment).</summary>
    public RunNotifications? Notifications { get; init; }
}

/// <summary>The input of <see cref="RunFinishedActivity"/>: how the run ended and whom to tell.</summary>
/// <param name="Status">The report's status.</param>
/// <param name="Summary">A short line for a person.</param>
/// <param name="Notifications">The run's notifications.</param>
public sealed record RunFinishedNotice(string Status, string Summary, RunNotifications Notifications);
