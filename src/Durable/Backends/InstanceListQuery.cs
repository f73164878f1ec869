using DurableTask.Core;

namespace ScriptHarness.Durable.Backends;

/// <summary>What <see cref="IInstanceListClient.ListInstancesAsync"/> lists; every filter left null matches all.</summary>
public sealed record InstanceListQuery
{
    /// <summary>Only instances in one of these statuses.</summary>
    public IReadOnlyCollection<OrchestrationStatus>? Statuses { get; init; }

    /// <summary>Only instances of this orchestration name.</summary>
    public string? Name { get; init; }

    /// <summary>Only instances whose id starts with this (ordinal).</summary>
    public string? InstanceIdPrefix { get; init; }

    /// <summary>Only instances created at or after this moment (UTC).</summary>
    public DateTime? CreatedFrom { get; init; }

    /// <summary>Only instances created at or before this moment (UTC).</summary>
    public DateTime? CreatedTo { get; init; }

    /// <summary>Only running instances whose custom status is a JSON object with this string as <c>Phase</c> (e.g. <c>awaitingApproval</c>).</summary>
    public string? Phase { get; init; }

    /// <summary>Only instances of this conversation (<see cref="InstanceListEntry.ConversationId"/>).</summary>
    public string? ConversationId { get; init; }

    /// <summary>Where the page starts: only instances after this one in newest-first order (null: the first page).</summary>
    public InstanceListCursor? After { get; init; }

    /// <summary>How many instances a page holds at most (1 to 10,000).</summary>
    public int PageSize { get; init; } = 100;
}

/// <summary>A position in a newest-first list: the creation time (UTC ticks) and the id of the last instance read.</summary>
/// <param name="CreatedTicks">Its creation time, UTC ticks.</param>
/// <param name="InstanceId">Its instance id.</param>
public readonly record struct InstanceListCursor(long CreatedTicks, string InstanceId);
