using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>What starts a turn: the scripts of one model output (already parsed and validated), in block order.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="TurnId">The turn.</param>
/// <param name="Scripts">The blocks' scripts, in order.</param>
/// <param name="Workspace">Absolute path of the workspace.</param>
public sealed record TurnRequest(string ConversationId, string TurnId, IReadOnlyList<string> Scripts, string Workspace)
{
    /// <summary>The model provider (the wire name of its format), when known.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// The model output the scripts came from, as received (plain text, or the provider's JSON
    /// response as text). Kept with the turn so its follow-up (the model's text and thinking, its
    /// structured calls, the scripts' outputs) can be written when the runs finish.
    /// </summary>
    public string? Output { get; init; }

    /// <summary>The model, when known.</summary>
    public string? Model { get; init; }

    /// <summary>A policy for this turn's runs; it can only narrow the host's.</summary>
    public ApprovalPolicy? Policy { get; init; }

    /// <summary>A shorter approval expiry for this turn's runs; the host's expiry caps it.</summary>
    public TimeSpan? ApprovalExpiry { get; init; }

    /// <summary>A per-turn mode; it can only narrow the host's (<c>dry-run</c> on an enabled host).</summary>
    public FeatureMode? Mode { get; init; }

    /// <summary>A floor on the runs' script size limit: a rollback's script carries whole inverse patches (0: the host's limit).</summary>
    internal int MinScriptBytes { get; init; }
}
