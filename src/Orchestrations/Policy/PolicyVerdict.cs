using System.Text.Json.Serialization;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>What the policy decided for one call, and why.</summary>
/// <param name="Action">Allow, ask or deny.</param>
/// <param name="Reason">Why, written for the approver and the model.</param>
/// <param name="Source">Which part of the policy decided: <c>host rule 2</c>, <c>run rule 0</c>, <c>default</c>, <c>mode</c>.</param>
/// <param name="GrantKey">
/// What a decision with scope <c>run</c> on this call covers: every other call of the run whose
/// verdict has the same key (same tool and rule; for a command, see <see cref="CommandGrant.Key"/>).
/// </param>
public sealed record PolicyVerdict(
    ApprovalAction Action,
    string Reason,
    string Source,
    [property: JsonPropertyName("grantKey")] string GrantKey)
{
    /// <summary>
    /// Whether the call, once allowed or approved, may reach the network (a matching rule says
    /// <c>network: true</c>); carried to the tool's activity input.
    /// </summary>
    [JsonPropertyName("network")]
    public bool Network { get; init; }

    /// <summary>The more restrictive of two verdicts; on a tie, the first.</summary>
    public static PolicyVerdict Stricter(PolicyVerdict first, PolicyVerdict? second)
    {
        ArgumentNullException.ThrowIfNull(first);
        return second is not null && second.Action > first.Action ? second : first;
    }
}
