using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>A page of <see cref="ScriptRunClient.ListRunsAsync"/>.</summary>
/// <param name="Items">The runs and turns of the page, newest first (creation time, then id).</param>
/// <param name="ContinuationToken">Pass it back for the next page; null on the last one.</param>
public sealed record RunListPage(IReadOnlyList<RunListItem> Items, string? ContinuationToken);

/// <summary>One run or turn of a list.</summary>
/// <param name="InstanceId">Its instance id.</param>
/// <param name="Name"><c>ScriptRun</c> or <c>ScriptTurn</c>.</param>
/// <param name="RuntimeStatus">Its orchestration status.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastUpdatedAt">When it last changed.</param>
public sealed record RunListItem(string InstanceId, string Name, OrchestrationRuntimeStatus RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt)
{
    /// <summary>Where a running run is (e.g. awaiting approval); null for a turn or a run that is not running.</summary>
    public RunPhase? Phase { get; init; }

    /// <summary>The conversation the run or turn belongs to, when its input could be read.</summary>
    public string? ConversationId { get; init; }

    /// <summary>The run this run continues, when it continues one.</summary>
    public string? ContinuedFrom { get; init; }
}
