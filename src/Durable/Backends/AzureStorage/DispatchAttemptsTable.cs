using Azure;
using Azure.Data.Tables;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>
/// The durable count of orchestration episodes handed out and not yet checkpointed, one entity
/// per instance in the table <c>{taskHub}DispatchAttempts</c> next to the provider's own tables.
/// The provider (DTFx.AzureStorage 2.11.3) keeps each queue message's dequeue count to itself, so
/// the count is ours. Writes are optimistic (ETag): two workers charging one instance at once
/// (a lease moving) retry on conflict instead of losing an increment.
/// </summary>
internal sealed class DispatchAttemptsTable(TableClient table)
{
    private const string RowKey = "episodes";
    private const string AttemptsColumn = "Attempts";

    public static DispatchAttemptsTable Create(TableServiceClient service, string taskHubName) =>
        new(service.GetTableClient(taskHubName + "DispatchAttempts"));

    public Task CreateIfNotExistsAsync() => table.CreateIfNotExistsAsync();

    public Task DeleteAsync() => table.DeleteAsync();

    /// <summary>
    /// Adds <paramref name="delta"/> (floor 0) unless the count is already at
    /// <paramref name="limit"/> or above, and returns the count before it. One read per attempt:
    /// charging an episode costs a read and a write, not a read to check the limit and another
    /// to add (one table request less per episode, out of about thirteen).
    /// </summary>
    public async Task<int> AddBelowAsync(string instanceId, int delta, int limit = int.MaxValue)
    {
        while (true)
        {
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, RowKey).ConfigureAwait(false);
            int before = found.HasValue ? found.Value!.GetInt32(AttemptsColumn) ?? 0 : 0;
            if (before >= limit)
            {
                return before;
            }

            TableEntity next = new(instanceId, RowKey) { [AttemptsColumn] = Math.Max(0, before + delta) };
            try
            {
                if (found.HasValue)
                {
                    await table.UpdateEntityAsync(next, found.Value!.ETag, TableUpdateMode.Replace).ConfigureAwait(false);
                }
                else if (delta > 0)
                {
                    await table.AddEntityAsync(next).ConfigureAwait(false);
                }

                return before;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer got there first: read again.
            }
        }
    }

    /// <summary>Forgets the count: the episode checkpointed (or the instance was quarantined).</summary>
    public async Task ClearAsync(string instanceId)
    {
        try
        {
            await table.DeleteEntityAsync(instanceId, RowKey).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
