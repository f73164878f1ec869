using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// What continues a finished run: the corrected scripts of one model output (already parsed and
/// validated), in block order. The new turn belongs to the earlier run's conversation and runs in
/// its workspace; its first block's run reuses the earlier run's completed calls while it repeats
/// them (see <see cref="ScriptRunClient.ContinueRunAsync"/>).
/// </summary>
/// <param name="Scripts">The blocks' scripts, in order; the first one continues the run.</param>
public sealed record ContinueRequest(IReadOnlyList<string> Scripts)
{
    /// <summary>
    /// The new turn's id; null derives one from the run and the scripts, so the same continue
    /// asked twice starts one turn.
    /// </summary>
    public string? TurnId { get; init; }

    /// <summary>The model provider (the wire name of its format), when known.</summary>
    public string? Provider { get; init; }

    /// <summary>The model output the scripts came from, as received, for the follow-up.</summary>
    public string? Output { get; init; }

    /// <summary>The model, when known.</summary>
    public string? Model { get; init; }

    /// <summary>A policy for the new runs (it can only narrow the host's); null keeps the earlier run's own policy.</summary>
    public ApprovalPolicy? Policy { get; init; }

    /// <summary>A shorter approval expiry for the new runs; the host's expiry caps it.</summary>
    public TimeSpan? ApprovalExpiry { get; init; }

    /// <summary>A per-turn mode; it can only narrow the host's.</summary>
    public FeatureMode? Mode { get; init; }
}
