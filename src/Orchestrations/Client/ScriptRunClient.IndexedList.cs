using System.Text.Json;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.Shims;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// Listing on a backend whose store indexes runs by phase and conversation (SQLite): every filter
/// and the newest-first order are applied by the store and a page reads only its own rows, so
/// "awaiting approval, newest first, 100 at a time" costs the same over 100,000 paused runs as
/// over ten.
/// </summary>
public sealed partial class ScriptRunClient
{
    private static async Task<RunListPage> ListFromIndexAsync(TaskHubDurableTaskClient store, RunListQuery query, int pageSize, RunListCursor? after, CancellationToken cancellationToken)
    {
        InstanceListQuery storeQuery = StoreQuery(query) with
        {
            After = after is { } cursor ? new InstanceListCursor(cursor.CreatedTicks, cursor.InstanceId) : null,
            PageSize = Math.Min(pageSize, 10_000),
        };

        var (items, hasMore) = await Translated(async () => (await store.ListFromIndexAsync(storeQuery, cancellationToken).ConfigureAwait(false))!.Value).ConfigureAwait(false);
        RunListItem[] page = [.. items.Select(i => ListItem(i.Metadata, withInput: false) with { ConversationId = i.ConversationId })];
        return new RunListPage(page, hasMore && page.Length > 0 ? RunListCursor.After(page[^1]).ToString() : null);
    }

    /// <summary>The store's filters of <paramref name="query"/> (a list's and a count's).</summary>
    private static InstanceListQuery StoreQuery(RunListQuery query) => new()
    {
        Statuses = query.Statuses is { Count: > 0 } statuses
            ? [.. statuses.Select(s => Enum.Parse<DurableTask.Core.OrchestrationStatus>(s.ToString()))]
            : null,
        InstanceIdPrefix = RunIds.Prefix,
        CreatedFrom = query.CreatedFrom?.UtcDateTime,
        CreatedTo = query.CreatedTo?.UtcDateTime,
        // Turns have no phase: a phase filter lists runs only, as the client-side filter does.
        Name = query.Phase is null ? null : OrchestratorNames.ScriptRun,
        Phase = query.Phase is { } phase ? JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(phase)) : null,
        ConversationId = query.ConversationId,
    };
}
