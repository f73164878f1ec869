using System.Text;
using DurableTask.Core;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Storage;

namespace ScriptHarness.Durable.Backends.Sqlite;

/// <summary>
/// Newest-first listing from the indexes of schema version 4 (<c>IX_Instances_Phase</c>,
/// <c>IX_Instances_Conversation</c>, and the creation-time and status indexes): the page is read in
/// index order from the cursor on (a row-value comparison the planner turns into a range), never
/// sorted, so its cost does not grow with the instances before it or with those that do not match.
/// </summary>
public sealed partial class SqliteOrchestrationService : IInstanceListClient
{
    /// <inheritdoc/>
    public Task<InstanceListPage> ListInstancesAsync(InstanceListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), "PageSize must be between 1 and 10000.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        return this.ReadAsync("listing instances", c =>
        {
            var sql = new StringBuilder("SELECT ")
                .Append(InstanceRows.StateColumnsWithoutPayloads)
                .Append(", ConversationId FROM Instances WHERE 1 = 1");
            var parameters = new List<(string, object?)>();
            AppendFilters(sql, parameters, query.Statuses?.ToList(), query.CreatedFrom, query.CreatedTo, query.InstanceIdPrefix);
            if (query.Name is not null)
            {
                sql.Append(" AND Name = $name");
                parameters.Add(("$name", query.Name));
            }

            if (query.Phase is not null)
            {
                sql.Append(" AND Phase = $phase");
                parameters.Add(("$phase", query.Phase));
            }

            if (query.ConversationId is not null)
            {
                sql.Append(" AND ConversationId = $conversation");
                parameters.Add(("$conversation", query.ConversationId));
            }

            if (query.After is { } after)
            {
                sql.Append(" AND (CreatedTicks, InstanceId) < ($afterTicks, $afterId)");
                parameters.Add(("$afterTicks", after.CreatedTicks));
                parameters.Add(("$afterId", after.InstanceId));
            }

            sql.Append(" ORDER BY CreatedTicks DESC, InstanceId DESC LIMIT $take;");
            parameters.Add(("$take", query.PageSize + 1));
            using SqliteCommand command = Sql.Command(c, sql.ToString(), [.. parameters]);
            using SqliteDataReader reader = command.ExecuteReader();
            var items = new List<InstanceListEntry>(Math.Min(query.PageSize, 1000));
            bool more = false;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (items.Count == query.PageSize)
                {
                    more = true;
                    break;
                }

                OrchestrationState state = InstanceRows.ReadState(reader);
                items.Add(new InstanceListEntry(state, reader.GetStringOrNull(16)));
            }

            return new InstanceListPage(items, more);
        });
    }
}
