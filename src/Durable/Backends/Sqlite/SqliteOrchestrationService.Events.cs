using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Storage;

namespace ScriptHarness.Durable.Backends.Sqlite;

/// <summary>
/// Events raised at most once per name (<see cref="IEventDedupeClient"/>): the search for an event
/// of the same name (waiting in <c>NewEvents</c> or processed into <c>History</c>) and the insert
/// are one write transaction, so of two processes raising under one name on one file exactly one
/// raises and the other is told what is there.
/// </summary>
public sealed partial class SqliteOrchestrationService : IEventDedupeClient
{
    /// <inheritdoc/>
    public async Task<EventOnceResult> RaiseEventOnceAsync(string instanceId, string eventName, string? input)
    {
        ValidateInstanceId(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        long now = SqliteTime.NowTicks();
        var message = new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new EventRaisedEvent(-1, input) { Name = eventName },
        };
        EventRow row = this.ToClientRow(message, now, $"'{eventName}' event");
        EventOnceResult result = await this.WriteAsync(
            $"raising event '{eventName}' once",
            c =>
            {
                string? status = InstanceRows.Status(c, instanceId);
                if (status is null || InstanceRows.IsTerminal(status))
                {
                    return new EventOnceResult(EventOnceOutcome.NoLiveInstance);
                }

                if (FirstRaised(c, "NewEvents", instanceId, eventName) is { } waiting)
                {
                    return new EventOnceResult(EventOnceOutcome.AlreadyRaised, waiting.Input);
                }

                if (FirstRaised(c, "History", instanceId, eventName) is { } processed)
                {
                    return new EventOnceResult(EventOnceOutcome.AlreadyRaised, processed.Input);
                }

                CheckpointPlan.InsertEvents(c, [row], now);
                return new EventOnceResult(EventOnceOutcome.Raised);
            },
            r =>
            {
                if (r.Outcome == EventOnceOutcome.Raised && !this.WakeSession(instanceId))
                {
                    this.orchestrationSignal.Set();
                }
            }).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<WaitingEvent>> GetWaitingEventsAsync(string instanceId, string namePrefix)
    {
        ValidateInstanceId(instanceId);
        ArgumentNullException.ThrowIfNull(namePrefix);
        return this.ReadAsync<IReadOnlyList<WaitingEvent>>($"reading the waiting events of '{instanceId}'", c =>
        {
            SqliteCommand command = Sql.Prepared(
                c,
                "SELECT Event FROM NewEvents WHERE InstanceId = $id AND EventType = 'EventRaised' " +
                "AND substr(json_extract(Event, '$.Name'), 1, length($prefix)) = $prefix ORDER BY Id;",
                ("$id", instanceId),
                ("$prefix", namePrefix));
            using SqliteDataReader reader = command.ExecuteReader();
            var events = new List<WaitingEvent>();
            while (reader.Read())
            {
                var raised = (EventRaisedEvent)EventSerializer.Deserialize(nameof(EventType.EventRaised), reader.GetString(0));
                events.Add(new WaitingEvent(raised.Name, raised.Input));
            }

            return events;
        });
    }

    private static EventRaisedEvent? FirstRaised(SqliteConnection connection, string table, string instanceId, string eventName)
    {
        string order = table == "History" ? "SequenceNumber" : "Id";
        return Sql.Scalar(
            connection,
            $"SELECT Event FROM {table} WHERE InstanceId = $id AND EventType = 'EventRaised' AND json_extract(Event, '$.Name') = $name ORDER BY {order} LIMIT 1;",
            ("$id", instanceId),
            ("$name", eventName)) is string json
            ? (EventRaisedEvent)EventSerializer.Deserialize(nameof(EventType.EventRaised), json)
            : null;
    }
}
