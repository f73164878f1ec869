using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Orchestrations.Options;

/// <summary>The host's approval policy and how long a question waits (host.json <c>orchestrations:approvals</c>).</summary>
public sealed class ApprovalsOptions
{
    /// <summary>When to ask a human (<c>never</c>, <c>on-request</c>, <c>always</c>).</summary>
    public ApprovalMode Mode { get; set; } = ApprovalMode.OnRequest;

    /// <summary>Rules on tool names and arguments; calls no rule matches get the safe defaults.</summary>
    public IList<ApprovalRule> Rules { get; } = [];

    /// <summary>How long a call waits for a decision (or a host-resolved result) before it expires. Default 24 h.</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The host policy these options describe.</summary>
    public ApprovalPolicy ToPolicy() => new() { Mode = this.Mode, Rules = [.. this.Rules] };
}
