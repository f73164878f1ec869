using DurableTask.Core;
using Microsoft.DurableTask.Client;
using CorePurgeResult = DurableTask.Core.PurgeResult;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace ScriptHarness.Durable.Shims;

/// <summary>Purging: only instances in a terminal status, on every backend.</summary>
public sealed partial class TaskHubDurableTaskClient
{
    /// <summary>The statuses an instance can be purged in.</summary>
    private static readonly OrchestrationStatus[] TerminalStatuses =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    /// <inheritdoc />
    /// <remarks>
    /// Only an instance in a terminal status (completed, failed, terminated) is purged, on every
    /// backend: purging a live instance would lose its work.
    /// </remarks>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        RefuseRecursive(options, nameof(PurgeInstanceAsync));
        IOrchestrationServicePurgeClient purge = this.PurgeClient(nameof(PurgeInstanceAsync));
        IList<OrchestrationState> states = await this.serviceClient.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        if (states?.FirstOrDefault() is not { } state || !TerminalStatuses.Contains(state.OrchestrationStatus))
        {
            return new PurgeResult(0);
        }

        CorePurgeResult result = await purge.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Statuses are limited to terminal ones (all of them when the filter names none), on every
    /// backend.
    /// </remarks>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        RefuseRecursive(options, nameof(PurgeAllInstancesAsync));
        List<OrchestrationStatus> statuses = filter.Statuses is null || !filter.Statuses.Any()
            ? [.. TerminalStatuses]
            : [.. filter.Statuses.Select(OrchestrationStateMapper.ToCoreStatus).Where(TerminalStatuses.Contains)];
        if (statuses.Count == 0)
        {
            return new PurgeResult(0);
        }

        PurgeInstanceFilter coreFilter = new(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            statuses);
        CorePurgeResult result = await this.PurgeClient(nameof(PurgeAllInstancesAsync)).PurgeInstanceStateAsync(coreFilter).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    private static void RefuseRecursive(PurgeInstanceOptions? options, string member)
    {
        if (options?.Recursive == true)
        {
            throw Unsupported($"{member} with {nameof(PurgeInstanceOptions.Recursive)}");
        }
    }

    private IOrchestrationServicePurgeClient PurgeClient(string member) =>
        this.serviceClient as IOrchestrationServicePurgeClient ?? throw Unsupported($"{member} on a backend without a purge client");
}
