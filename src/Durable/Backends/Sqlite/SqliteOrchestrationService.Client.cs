using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Durable.Backends.Sqlite.Signals;
using ScriptHarness.Durable.Backends.Sqlite.Storage;

namespace ScriptHarness.Durable.Backends.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    /// <inheritdoc/>
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => this.CreateTaskOrchestrationAsync(creationMessage, []);

    /// <inheritdoc/>
    /// <remarks>
    /// A live instance (pending, running, suspended) is never replaced, whatever
    /// <paramref name="dedupeStatuses"/> says: recreating it would discard its history under a
    /// worker that may be running it. A finished one is recreated unless its status is listed.
    /// </remarks>
    /// <exception cref="OrchestrationAlreadyExistsException">An instance with this id is live, or exists in one of <paramref name="dedupeStatuses"/>.</exception>
    /// <exception cref="SqliteStoreException"><c>sqlite-payload-too-large</c> when the input is over the limit.</exception>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent start)
        {
            throw new ArgumentException("A creation message must carry an ExecutionStartedEvent.", nameof(creationMessage));
        }

        string instanceId = start.OrchestrationInstance?.InstanceId ?? string.Empty;
        ValidateInstanceId(instanceId);
        long now = SqliteTime.NowTicks();
        EventRow row = this.ToClientRow(creationMessage, start.ScheduledStartTime is { } at ? SqliteTime.ToTicks(at) : now, "input of the new instance");
        var dedupe = new HashSet<string>((dedupeStatuses ?? []).Select(s => s.ToString()), StringComparer.Ordinal);
        await this.WriteAsync(
            $"creating instance '{instanceId}'",
            c =>
            {
                string? existing = InstanceRows.Status(c, instanceId);
                if (existing is not null && dedupe.Contains(existing))
                {
                    throw new OrchestrationAlreadyExistsException(
                        $"An orchestration instance with id '{instanceId}' already exists with status {existing}, which the dedupe statuses refuse.");
                }

                if (existing is not null && !InstanceRows.IsTerminal(existing))
                {
                    throw new OrchestrationAlreadyExistsException(
                        $"An orchestration instance with id '{instanceId}' is still live ({existing}); terminate it or wait for it to finish before creating it again.");
                }

                if (existing is null)
                {
                    InstanceRows.Insert(c, start, now);
                }
                else
                {
                    InstanceRows.Reset(c, start, now);
                }

                return CheckpointPlan.InsertEvents(c, [row], now);
            },
            _ => this.orchestrationSignal.Set()).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => this.SendTaskOrchestrationMessageBatchAsync(message);

    /// <inheritdoc/>
    /// <remarks>A message to an instance that does not exist is dropped, as the framework's providers do.</remarks>
    public async Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Length == 0)
        {
            return;
        }

        long now = SqliteTime.NowTicks();
        List<EventRow> rows = messages.Select(m => this.ToClientRow(m, now, $"{m.Event.EventType} message")).ToList();
        var endedUnstarted = new List<(string InstanceId, string? ParentInstanceId)>();
        var raised = new List<(int Index, long Id)>();
        int inserted = await this.WriteAsync(
            $"sending {rows.Count} message(s)",
            c =>
            {
                endedUnstarted.Clear();
                raised.Clear();
                int count = 0;
                for (int i = 0; i < rows.Count; i++)
                {
                    EventRow row = rows[i];
                    // A terminate for an instance that never ran an episode (its start may be
                    // scheduled hours ahead, invisible to workers) ends it here: a worker would
                    // get the terminate without the start, drop it, and run the start later.
                    if (row.EventType == nameof(EventType.ExecutionTerminated) && Storage.InstanceEnding.NeverRan(c, row.InstanceId))
                    {
                        var terminate = (ExecutionTerminatedEvent)EventSerializer.Deserialize(row.EventType, row.Json);
                        (Storage.InstanceEnding.Outcome outcome, string? parent) = Storage.InstanceEnding.Terminate(c, row.InstanceId, terminate.Input ?? string.Empty, now);
                        if (outcome == Storage.InstanceEnding.Outcome.Ended)
                        {
                            endedUnstarted.Add((row.InstanceId, parent));
                            count++;
                            continue;
                        }
                    }

                    // A raised event due now may go to a session of this process in memory (its row id is kept).
                    if (row.EventType == nameof(EventType.EventRaised) && row.VisibleTicks <= now)
                    {
                        if (CheckpointPlan.InsertEvent(c, row, now) is { } id)
                        {
                            raised.Add((i, id));
                            count++;
                        }

                        continue;
                    }

                    count += CheckpointPlan.InsertEvents(c, [row], now);
                }

                return count;
            },
            _ =>
            {
                foreach ((string instanceId, string? parent) in endedUnstarted)
                {
                    this.WakeSession(instanceId);
                    this.AfterEnding(true, parent);
                }

                var handed = new bool[rows.Count];
                foreach ((int index, long id) in raised)
                {
                    EventRow row = rows[index];
                    TaskMessage message = EventSerializer.ToMessage(EventSerializer.Deserialize(row.EventType, row.Json), row.InstanceId, row.ExecutionId, row.SequenceNumber);
                    handed[index] = this.HandToSession(row.InstanceId, id, message);
                }

                bool wakePollers = false;
                for (int i = 0; i < rows.Count; i++)
                {
                    wakePollers |= !handed[i] && !this.WakeSession(rows[i].InstanceId);
                }

                if (wakePollers)
                {
                    this.orchestrationSignal.Set();
                }
            }).ConfigureAwait(false);
        if (inserted < rows.Count)
        {
            Logs.MessagesToMissingInstances(this.logger, rows.Count - inserted);
        }
    }

    /// <inheritdoc/>
    /// <returns>The final state.</returns>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed before the instance finished (or while no instance had that id), as the SQL Server provider does: a caller never mistakes a timeout for a missing instance.</exception>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ValidateInstanceId(instanceId);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan backoff = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Task ticket = this.completionSignal.Ticket;
            OrchestrationState? state = await this.GetOrchestrationStateAsync(instanceId, executionId).ConfigureAwait(false);
            if (state is not null && InstanceRows.IsTerminal(state.OrchestrationStatus))
            {
                return state;
            }

            TimeSpan remaining = timeout - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(state is null
                    ? $"No instance '{instanceId}' finished within {timeout}: none with that id (and execution) exists."
                    : $"Instance '{instanceId}' did not finish within {timeout}; it is {state.OrchestrationStatus}.");
            }

            await WakeSignal.WaitAsync(ticket, Min(backoff, remaining), cancellationToken).ConfigureAwait(false);
            backoff = Min(backoff * 2, this.settings.MaxPollingInterval);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Ends the instance in the store itself, in one transaction, instead of sending a terminate
    /// message for a worker to process: it works with no worker running, and on an instance whose
    /// episodes kill every worker that takes them. The history gets the terminate and completion
    /// events a worker would have written, a parent's call fails, pending messages and activity
    /// tasks go, and a worker still running an episode of it is fenced out (its checkpoint is
    /// refused). An unknown or finished instance is left as it is.
    /// </remarks>
    public async Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason)
    {
        ValidateInstanceId(instanceId);
        long now = SqliteTime.NowTicks();
        (Storage.InstanceEnding.Outcome outcome, _) = await this.WriteAsync(
            $"terminating instance '{instanceId}'",
            c => Storage.InstanceEnding.Terminate(c, instanceId, reason ?? string.Empty, now),
            r =>
            {
                this.WakeSession(instanceId);
                this.AfterEnding(r.Outcome == Storage.InstanceEnding.Outcome.Ended, r.ParentInstanceId);
            }).ConfigureAwait(false);
        if (outcome == Storage.InstanceEnding.Outcome.Ended)
        {
            Logs.InstanceTerminatedInStore(this.logger, instanceId);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Only the current execution is kept (continue-as-new replaces the previous one).</remarks>
    public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        OrchestrationState? state = await this.GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
        return state is null ? [] : [state];
    }

    /// <inheritdoc/>
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string? executionId)
    {
        ValidateInstanceId(instanceId);
        return this.ReadAsync($"reading instance '{instanceId}'", c =>
        {
            SqliteCommand command = Sql.Prepared(c, $"SELECT {InstanceRows.StateColumns} FROM Instances WHERE InstanceId = $id;", ("$id", instanceId));
            using SqliteDataReader reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null!;
            }

            OrchestrationState state = InstanceRows.ReadState(reader);
            return string.IsNullOrEmpty(executionId) || executionId == state.OrchestrationInstance.ExecutionId ? state : null!;
        });
    }

    /// <inheritdoc/>
    /// <returns>A JSON array of the execution's history events with every payload; each object carries
    /// <c>$type</c> (readable by the framework's <c>JsonDataConverter</c>) and <c>EventType</c>.</returns>
    public async Task<string> GetOrchestrationHistoryAsync(string instanceId, string? executionId)
    {
        IReadOnlyList<HistoryEvent> events = await this.GetHistoryEventsAsync(instanceId, executionId).ConfigureAwait(false);
        return EventSerializer.SerializeHistory(events);
    }

    /// <summary>The current execution's history events (of <paramref name="executionId"/> when given), in order.</summary>
    public Task<IReadOnlyList<HistoryEvent>> GetHistoryEventsAsync(string instanceId, string? executionId = null)
    {
        ValidateInstanceId(instanceId);
        return this.ReadAsync<IReadOnlyList<HistoryEvent>>($"reading the history of '{instanceId}'", c =>
        {
            SqliteCommand command = Sql.Prepared(
                c,
                "SELECT EventType, Event FROM History WHERE InstanceId = $id AND ($exec IS NULL OR ExecutionId = $exec) ORDER BY SequenceNumber;",
                ("$id", instanceId),
                ("$exec", string.IsNullOrEmpty(executionId) ? null : executionId));
            using SqliteDataReader reader = command.ExecuteReader();
            var events = new List<HistoryEvent>();
            while (reader.Read())
            {
                events.Add(EventSerializer.Deserialize(reader.GetString(0), reader.GetString(1)));
            }

            return events;
        });
    }

    private EventRow ToClientRow(TaskMessage message, long visibleTicks, string what)
    {
        ArgumentNullException.ThrowIfNull(message.Event);
        string instanceId = message.OrchestrationInstance?.InstanceId ?? string.Empty;
        ValidateInstanceId(instanceId);
        string json = EventSerializer.Serialize(message.Event);
        if (PayloadLimit.Exceeded(json, this.settings.MaxPayloadBytes) is { } size)
        {
            throw new SqliteStoreException(
                SqliteErrorCode.PayloadTooLarge,
                $"The {what} for instance '{instanceId}' is {size} bytes, over the store's limit of {this.settings.MaxPayloadBytes} bytes; nothing was stored.");
        }

        return new EventRow(
            instanceId,
            message.OrchestrationInstance!.ExecutionId,
            message.Event.EventType.ToString(),
            visibleTicks,
            message.SequenceNumber,
            json,
            message.Event as ExecutionStartedEvent);
    }

    private static void ValidateInstanceId(string instanceId)
    {
        if (string.IsNullOrEmpty(instanceId))
        {
            throw new ArgumentException("An instance id is required.", nameof(instanceId));
        }

        if (instanceId.Length > 1024)
        {
            throw new ArgumentException("An instance id must be at most 1024 characters.", nameof(instanceId));
        }
    }
}
