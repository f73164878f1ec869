using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>How a call's wait for a decision ended.</summary>
internal sealed record CallResolution(CallResolutionKind Kind, ApprovalDecision? Decision = null, int? ViaCall = null, string? Reason = null)
{
    public static CallResolution Cancelled(string reason) => new(CallResolutionKind.Cancelled, Reason: reason);
}

/// <summary>The ways a wait for a decision ends.</summary>
internal enum CallResolutionKind
{
    /// <summary>A decision arrived for this call.</summary>
    Decided,

    /// <summary>A scope-run decision on another call covered this one.</summary>
    Granted,

    /// <summary>The expiry timer fired first.</summary>
    Expired,

    /// <summary>The run was terminated or the script no longer needs the call.</summary>
    Cancelled,
}
