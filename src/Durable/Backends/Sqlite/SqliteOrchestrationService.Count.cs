using System.Text;
using DurableTask.Core;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Storage;

namespace ScriptHarness.Durable.Backends.Sqlite;

/// <summary>
/// Counts by status over the listing's indexes (<c>IX_Instances_Phase</c> for "awaiting
/// approval", the status and creation-time indexes otherwise): one <c>COUNT</c> per status group,
/// no row read out, so the dashboard's counts cost a scan of an index instead of reading every run.
/// </summary>
public sealed partial class SqliteOrchestrationService : IInstanceCountClient
{
    /// <inheritdoc/>
    public Task<IReadOnlyDictionary<OrchestrationStatus, long>> CountInstancesAsync(InstanceListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        return this.ReadAsync("counting instances", c =>
        {
            // The same filters as ListInstancesAsync (the cursor aside).
            var sql = new StringBuilder("SELECT RuntimeStatus, count(*) FROM Instances WHERE 1 = 1");
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

            sql.Append(" GROUP BY RuntimeStatus;");
            using SqliteCommand command = Sql.Command(c, sql.ToString(), [.. parameters]);
            using SqliteDataReader reader = command.ExecuteReader();
            Dictionary<OrchestrationStatus, long> counts = [];
            while (reader.Read())
            {
                if (Enum.TryParse(reader.GetString(0), out OrchestrationStatus status))
                {
                    counts[status] = reader.GetInt64(1);
                }
            }

            return (IReadOnlyDictionary<OrchestrationStatus, long>)counts;
        });
    }
}
