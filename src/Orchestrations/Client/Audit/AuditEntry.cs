namespace ScriptHarness.Orchestrations.Client.Audit;

/// <summary>
/// One line of a run's audit view: when a call was asked, decided, ran and finished. Fields that
/// do not apply to the kind are null (omitted from the JSON). Text fields carry what the model,
/// the tools or the decider wrote: escape them where you show them.
/// </summary>
/// <param name="At">When it happened (UTC), as the store recorded it.</param>
/// <param name="Kind">What happened.</param>
public sealed record AuditEntry(DateTimeOffset At, AuditKind Kind)
{
    /// <summary>The call it concerns.</summary>
    public int? CallId { get; init; }

    /// <summary>The call's tool.</summary>
    public string? Tool { get; init; }

    /// <summary>For <c>decided</c>: <c>approve</c> or <c>deny</c>.</summary>
    public string? Verdict { get; init; }

    /// <summary>For <c>decided</c>: <c>call</c> or <c>run</c>.</summary>
    public string? Scope { get; init; }

    /// <summary>Who decided or answered, as they claimed.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The id of the API key that sent the decision.</summary>
    public string? KeyId { get; init; }

    /// <summary>For <c>asked</c>: why the policy asked; for <c>decided</c>: the decider's reason.</summary>
    public string? Reason { get; init; }

    /// <summary>For <c>decided</c> by a scope-<c>run</c> decision on another call: that call.</summary>
    public int? ViaCall { get; init; }

    /// <summary>For <c>asked</c>: when the question expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>For <c>finished</c>: <c>completed</c> or <c>failed</c>; for <c>run-finished</c>: the report's or the run's status; for <c>notified</c>: how many targets got it, of how many.</summary>
    public string? Outcome { get; init; }

    /// <summary>For a failed call: the error's message.</summary>
    public string? Error { get; init; }

    /// <summary>True when the moment is inferred (a contract-1 run's <c>asked</c>, from its expiry timer) rather than recorded.</summary>
    public bool? Inferred { get; init; }
}
