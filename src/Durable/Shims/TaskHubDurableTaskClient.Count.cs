using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.Backends;

namespace ScriptHarness.Durable.Shims;

/// <summary>Counting in the store, when the backend can (<see cref="IInstanceCountClient"/>).</summary>
public sealed partial class TaskHubDurableTaskClient
{
    /// <summary>
    /// How many instances match <paramref name="query"/>, by runtime status, counted by the store
    /// (SQLite); null when the backend cannot count (nothing was read: list and count instead).
    /// </summary>
    /// <param name="query">The filters (cursor and page size ignored).</param>
    /// <param name="cancellation">Cancels the read.</param>
    /// <returns>The counts by status (statuses with none left out), or null.</returns>
    public async Task<IReadOnlyDictionary<OrchestrationRuntimeStatus, long>?> CountFromIndexAsync(InstanceListQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (this.serviceClient is not IInstanceCountClient counter)
        {
            return null;
        }

        IReadOnlyDictionary<DurableTask.Core.OrchestrationStatus, long> counts = await counter.CountInstancesAsync(query, cancellation).ConfigureAwait(false);
        Dictionary<OrchestrationRuntimeStatus, long> byStatus = [];
        foreach ((DurableTask.Core.OrchestrationStatus status, long count) in counts)
        {
            // Several core statuses map onto one runtime status (ContinuedAsNew is Running).
            OrchestrationRuntimeStatus runtime = OrchestrationStateMapper.ToRuntimeStatus(status);
            byStatus[runtime] = byStatus.GetValueOrDefault(runtime) + count;
        }

        return byStatus;
    }
}
