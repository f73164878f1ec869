using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The audit of one call's passage through the policy: what the policy said, and, when it
/// asked, who decided what (or that it expired). In a dry run, what the policy would have said.
/// </summary>
/// <param name="CallId">The call sequence number.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Policy">What the policy decided (in a dry run: would have decided).</param>
/// <param name="PolicyReason">Why.</param>
public sealed record CallApproval(int CallId, string Tool, ApprovalAction Policy, string PolicyReason)
{
    /// <summary>The human decision that settled the question, when the policy asked and someone answered.</summary>
    public ApprovalDecision? Decision { get; init; }

    /// <summary>When a scope-<c>run</c> decision on another call settled this one: that call's id.</summary>
    public int? DecidedViaCall { get; init; }

    /// <summary>Whether the question expired unanswered.</summary>
    public bool Expired { get; init; }

    /// <summary>Whether the run ended (finished or terminated) before anyone answered.</summary>
    public bool Cancelled { get; init; }
}
