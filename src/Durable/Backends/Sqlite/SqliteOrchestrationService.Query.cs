using System.Diagnostics;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Storage;

namespace ScriptHarness.Durable.Backends.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    private const int PurgeChunk = 200;

    /// <inheritdoc/>
    /// <remarks>Pages are ordered by instance id; the continuation token is the last id of the page.</remarks>
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "PageSize must be between 1 and 10000.");
        }

        return this.ReadAsync("querying instances", c =>
        {
            var sql = new StringBuilder("SELECT ")
                .Append(query.FetchInputsAndOutputs ? InstanceRows.StateColumns : InstanceRows.StateColumnsWithoutPayloads)
                .Append(" FROM Instances WHERE 1 = 1");
            var parameters = new List<(string, object?)>();
            AppendFilters(sql, parameters, query.RuntimeStatus, query.CreatedTimeFrom, query.CreatedTimeTo, query.InstanceIdPrefix);
            if (!string.IsNullOrEmpty(query.ContinuationToken))
            {
                sql.Append(" AND InstanceId > $after");
                parameters.Add(("$after", query.ContinuationToken));
            }

            sql.Append(" ORDER BY InstanceId LIMIT $take;");
            parameters.Add(("$take", query.PageSize + 1));
            using SqliteCommand command = Sql.Command(c, sql.ToString(), [.. parameters]);
            using SqliteDataReader reader = command.ExecuteReader();
            var states = new List<OrchestrationState>(query.PageSize);
            bool more = false;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (states.Count == query.PageSize)
                {
                    more = true;
                    break;
                }

                states.Add(InstanceRows.ReadState(reader));
            }

            return new OrchestrationQueryResult(states, more ? states[^1].OrchestrationInstance.InstanceId : null);
        });
    }

    /// <inheritdoc/>
    /// <remarks>Only finished instances (Completed, Failed, Terminated) are purged; a live one is left alone (0).</remarks>
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        ValidateInstanceId(instanceId);
        int purged = await this.WriteAsync(
            $"purging instance '{instanceId}'",
            c => PurgeInstances(c, $"InstanceId = $id AND RuntimeStatus IN {InstanceRows.TerminalStatusList}", [("$id", instanceId)], 1)).ConfigureAwait(false);
        return new PurgeResult(purged);
    }

    /// <inheritdoc/>
    /// <remarks>Only finished instances are purged, whatever statuses the filter lists. Runs in chunks so the writer is never held long.</remarks>
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        var where = new StringBuilder($"RuntimeStatus IN {InstanceRows.TerminalStatusList}");
        var parameters = new List<(string, object?)>();
        AppendFilters(where, parameters, purgeInstanceFilter.RuntimeStatus?.ToList(), purgeInstanceFilter.CreatedTimeFrom, purgeInstanceFilter.CreatedTimeTo, prefix: null);
        return await this.PurgeWhereAsync(where.ToString(), parameters, purgeInstanceFilter.Timeout).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        string column = timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCreatedTimeFilter => "CreatedTicks",
            OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => "LastUpdatedTicks",
            _ => "CompletedTicks",
        };
        await this.PurgeWhereAsync(
            $"RuntimeStatus IN {InstanceRows.TerminalStatusList} AND {column} < $threshold",
            [("$threshold", SqliteTime.ToTicks(thresholdDateTimeUtc))],
            timeout: null).ConfigureAwait(false);
    }

    private async Task<PurgeResult> PurgeWhereAsync(string where, List<(string, object?)> parameters, TimeSpan? timeout)
    {
        var elapsed = Stopwatch.StartNew();
        int total = 0;
        while (true)
        {
            int purged = await this.WriteAsync("purging instances", c => PurgeInstances(c, where, parameters, PurgeChunk)).ConfigureAwait(false);
            total += purged;
            if (purged < PurgeChunk)
            {
                return new PurgeResult(total, isComplete: true);
            }

            if (timeout is { } limit && elapsed.Elapsed > limit)
            {
                return new PurgeResult(total, isComplete: false);
            }
        }
    }

    /// <summary>Deletes up to <paramref name="limit"/> matching instances with their history, messages and tasks.</summary>
    private static int PurgeInstances(SqliteConnection connection, string where, List<(string, object?)> parameters, int limit)
    {
        var ids = new List<string>();
        using (SqliteCommand select = Sql.Command(connection, $"SELECT InstanceId FROM Instances WHERE {where} LIMIT {limit};", [.. parameters]))
        using (SqliteDataReader reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        using SqliteCommand delete = Sql.Command(
            connection,
            "DELETE FROM History WHERE InstanceId = $id; DELETE FROM NewEvents WHERE InstanceId = $id; " +
            "DELETE FROM NewTasks WHERE InstanceId = $id; DELETE FROM Instances WHERE InstanceId = $id;");
        SqliteParameter id = delete.Parameters.Add("$id", SqliteType.Text);
        foreach (string instanceId in ids)
        {
            id.Value = instanceId;
            delete.ExecuteNonQuery();
        }

        return ids.Count;
    }

    private static void AppendFilters(
        StringBuilder sql,
        List<(string, object?)> parameters,
        ICollection<OrchestrationStatus>? statuses,
        DateTime? createdFrom,
        DateTime? createdTo,
        string? prefix)
    {
        if (statuses is { Count: > 0 })
        {
            sql.Append(" AND RuntimeStatus IN (");
            int i = 0;
            foreach (OrchestrationStatus status in statuses)
            {
                string name = $"$status{i}";
                sql.Append(i == 0 ? string.Empty : ", ").Append(name);
                parameters.Add((name, status.ToString()));
                i++;
            }

            sql.Append(')');
        }

        if (createdFrom is { } from && from > DateTime.MinValue)
        {
            sql.Append(" AND CreatedTicks >= $from");
            parameters.Add(("$from", SqliteTime.ToTicks(from)));
        }

        if (createdTo is { } to && to < DateTime.MaxValue)
        {
            sql.Append(" AND CreatedTicks <= $to");
            parameters.Add(("$to", SqliteTime.ToTicks(to)));
        }

        if (!string.IsNullOrEmpty(prefix))
        {
            // A range on the primary key (binary collation) instead of LIKE, which is case-insensitive and has wildcards.
            sql.Append(" AND InstanceId >= $prefix AND substr(InstanceId, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", prefix));
        }
    }
}
