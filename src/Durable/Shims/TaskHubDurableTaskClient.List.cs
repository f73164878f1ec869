using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.Backends;

namespace ScriptHarness.Durable.Shims;

/// <summary>Listing from the store's own index, when the backend has one (<see cref="IInstanceListClient"/>).</summary>
public sealed partial class TaskHubDurableTaskClient
{
    /// <summary>Whether the backend lists instances from an index in its store (SQLite does; Azure Storage and in-memory do not).</summary>
    public bool CanListFromIndex => this.serviceClient is IInstanceListClient;

    /// <summary>
    /// One newest-first page of the instances matching <paramref name="query"/> from the store's
    /// index, each with its conversation; null when the backend has no such index
    /// (<see cref="CanListFromIndex"/> is false: nothing was read).
    /// </summary>
    /// <param name="query">The filters, page size and cursor.</param>
    /// <param name="cancellation">Cancels the read.</param>
    /// <returns>The page's instances (no inputs or outputs), their conversations, and whether more match.</returns>
    public async Task<(IReadOnlyList<(OrchestrationMetadata Metadata, string? ConversationId)> Items, bool HasMore)?> ListFromIndexAsync(InstanceListQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (this.serviceClient is not IInstanceListClient lister)
        {
            return null;
        }

        InstanceListPage page = await lister.ListInstancesAsync(query, cancellation).ConfigureAwait(false);
        return ([.. page.Items.Select(e => (OrchestrationStateMapper.ToMetadata(e.State, this.dataConverter, includeInputsAndOutputs: false, e.State.FailureDetails), e.ConversationId))], page.HasMore);
    }
}
