using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.Shims;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>Counting runs: by the store when it indexes runs (SQLite), else by listing up to a limit.</summary>
public sealed partial class ScriptRunClient
{
    /// <summary>
    /// How many runs and turns match <paramref name="query"/> (null: all), by status, and how many
    /// of them await approval. A store that indexes runs (SQLite) counts them itself, exactly and
    /// without reading them. On the others the client lists them a page at a time and stops after
    /// <paramref name="listLimit"/>, answering lower bounds (<see cref="RunCounts.AtLeast"/>).
    /// </summary>
    /// <param name="query">The filters, as for <see cref="ListRunsAsync"/>.</param>
    /// <param name="listLimit">On a store that cannot count, how many runs to read at most (at least 1).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<RunCounts> CountRunsAsync(RunListQuery? query = null, int listLimit = 2000, CancellationToken cancellationToken = default)
    {
        if (listLimit < 1)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "listLimit must be at least 1.");
        }

        query ??= new RunListQuery();
        if (query.CreatedFrom > query.CreatedTo)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "createdFrom is after createdTo.");
        }

        if (this.client is TaskHubDurableTaskClient indexed
            && await Translated(() => indexed.CountFromIndexAsync(StoreQuery(query), cancellationToken)).ConfigureAwait(false) is { } byStatus)
        {
            // Awaiting approval: the same filters with the phase's (an index range on SQLite).
            long awaiting = 0;
            if (query.Phase is null or RunPhase.AwaitingApproval)
            {
                RunListQuery waiting = query with { Phase = RunPhase.AwaitingApproval };
                IReadOnlyDictionary<OrchestrationRuntimeStatus, long>? phase = await Translated(() => indexed.CountFromIndexAsync(StoreQuery(waiting), cancellationToken)).ConfigureAwait(false);
                awaiting = phase?.Values.Sum() ?? 0;
            }

            return new RunCounts(byStatus.Values.Sum(), byStatus, awaiting, AtLeast: false);
        }

        return await this.CountByListingAsync(query, listLimit, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RunCounts> CountByListingAsync(RunListQuery query, int listLimit, CancellationToken cancellationToken)
    {
        Dictionary<OrchestrationRuntimeStatus, long> byStatus = [];
        long all = 0;
        long awaiting = 0;
        string? token = null;
        do
        {
            RunListPage page = await this.ListRunsAsync(query, Math.Min(200, listLimit), token, cancellationToken).ConfigureAwait(false);
            foreach (RunListItem item in page.Items)
            {
                all++;
                byStatus[item.RuntimeStatus] = byStatus.GetValueOrDefault(item.RuntimeStatus) + 1;
                awaiting += item.Phase == RunPhase.AwaitingApproval ? 1 : 0;
            }

            token = page.ContinuationToken;
        }
        while (token is not null && all < listLimit);
        return new RunCounts(all, byStatus, awaiting, AtLeast: token is not null);
    }
}
