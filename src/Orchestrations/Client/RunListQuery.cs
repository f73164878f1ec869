using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>What <see cref="ScriptRunClient.ListRunsAsync"/> lists; every filter left null matches all.</summary>
public sealed record RunListQuery
{
    /// <summary>Only runs and turns in one of these statuses.</summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus>? Statuses { get; init; }

    /// <summary>
    /// Only runs in this phase, e.g. <see cref="RunPhase.AwaitingApproval"/>: what needs a human.
    /// Turns have no phase, so a phase filter lists runs only.
    /// </summary>
    public RunPhase? Phase { get; init; }

    /// <summary>Only the runs and turns of this conversation.</summary>
    public string? ConversationId { get; init; }

    /// <summary>Only those created at or after this moment.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }

    /// <summary>Only those created at or before this moment.</summary>
    public DateTimeOffset? CreatedTo { get; init; }
}
