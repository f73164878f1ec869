namespace ScriptHarness.Orchestrations.Status;

/// <summary>A call that waits for someone outside the run.</summary>
/// <param name="CallId">The call sequence number (1-based).</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Args">The arguments as JSON text, cut to 2 KiB (the full arguments are in the history).</param>
/// <param name="Kind">Whether it waits for a decision or a result.</param>
/// <param name="Reason">Why the policy asked (empty for host-resolved results).</param>
/// <param name="ExpiresAt">When the wait expires (orchestration time).</param>
public sealed record PendingCall(int CallId, string Tool, string Args, PendingKind Kind, string Reason, DateTime ExpiresAt)
{
    /// <summary>Whether <see cref="Args"/> was cut.</summary>
    public bool ArgsTruncated { get; init; }

    /// <summary>1-based line of the call in the script, when known.</summary>
    public int? Line { get; init; }
}
