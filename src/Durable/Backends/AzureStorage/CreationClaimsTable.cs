using Azure;
using Azure.Data.Tables;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>
/// Who may create a new instance id, one entity per id in the table <c>{taskHub}CreationClaims</c>
/// next to the provider's own tables. The provider checks that an id is free and then writes it
/// in two operations, so callers racing on one new id were each told the instance was created
/// although only one run started. An insert into this table is a single conditional write: the
/// caller whose insert lands creates the instance, every other caller learns that it did not.
/// </summary>
/// <remarks>
/// A claim outlives its instance only for <see cref="StaleAfter"/>: a claim whose instance does
/// not exist after that long belongs to a creator that crashed between the claim and the create,
/// or to a purged instance, and the next creator takes it over (an ETag-checked replace, so two
/// takers cannot both win).
/// </remarks>
internal sealed class CreationClaimsTable(TableClient table, TimeProvider clock)
{
    /// <summary>How long a claim with no instance behind it holds the id.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(60);

    private const string RowKey = "claim";
    private const string ExecutionColumn = "ExecutionId";
    private const string ClaimedAtColumn = "ClaimedAt";

    public static CreationClaimsTable Create(TableServiceClient service, string taskHubName) =>
        new(service.GetTableClient(taskHubName + "CreationClaims"), TimeProvider.System);

    /// <summary>
    /// Claims <paramref name="instanceId"/> for <paramref name="executionId"/>. Returns the other
    /// caller's claim that refuses this one (fresh, its instance not written yet); null when this
    /// caller may go on to create (it holds the claim, or an instance exists and the provider's
    /// own existence check decides).
    /// </summary>
    public async Task<CreationClaim?> TryClaimAsync(string instanceId, string executionId, Func<Task<bool>> instanceExists)
    {
        TableEntity mine = new(instanceId, RowKey) { [ExecutionColumn] = executionId, [ClaimedAtColumn] = clock.GetUtcNow() };
        while (true)
        {
            try
            {
                await table.AddEntityAsync(mine).ConfigureAwait(false);
                return null;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // A hub made before this table existed: make it and claim again.
                await table.CreateIfNotExistsAsync().ConfigureAwait(false);
                continue;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Someone holds the id: below.
            }

            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, RowKey).ConfigureAwait(false);
            if (!found.HasValue)
            {
                continue; // Released between our insert and our read: try again.
            }

            TableEntity held = found.Value!;
            if (await instanceExists().ConfigureAwait(false))
            {
                // The id is taken by an instance: the provider's own check refuses or restarts it
                // by the caller's dedupe statuses, as without claims.
                return null;
            }

            CreationClaim claim = new(held.GetString(ExecutionColumn) ?? string.Empty, held.GetDateTimeOffset(ClaimedAtColumn) ?? DateTimeOffset.MinValue);
            if (clock.GetUtcNow() - claim.ClaimedAt < StaleAfter)
            {
                return claim; // Its creator is creating it now.
            }

            try
            {
                await table.UpdateEntityAsync(mine, held.ETag, TableUpdateMode.Replace).ConfigureAwait(false);
                return null;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another caller took the stale claim over first: read it again.
            }
        }
    }

    /// <summary>Gives the id up (the create failed, or the instance was purged).</summary>
    public async Task ReleaseAsync(string instanceId, string? executionId = null)
    {
        try
        {
            if (executionId is null)
            {
                await table.DeleteEntityAsync(instanceId, RowKey).ConfigureAwait(false);
                return;
            }

            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(instanceId, RowKey).ConfigureAwait(false);
            if (found.HasValue && found.Value!.GetString(ExecutionColumn) == executionId)
            {
                await table.DeleteEntityAsync(instanceId, RowKey, found.Value.ETag).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or claimed anew by someone else: theirs to keep.
        }
    }
}

/// <summary>The claim that holds an instance id: the execution it was claimed for, and when.</summary>
internal sealed record CreationClaim(string ExecutionId, DateTimeOffset ClaimedAt);
