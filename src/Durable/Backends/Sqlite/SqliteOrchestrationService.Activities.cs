using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Durable.Backends.Sqlite.Storage;
using ScriptHarness.Durable.Backends.Sqlite.WorkItems;

namespace ScriptHarness.Durable.Backends.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    private const string LockableTaskSelect =
        "SELECT Id FROM NewTasks WHERE VisibleTicks <= $now AND (LockExpiresTicks IS NULL OR LockExpiresTicks <= $now) ORDER BY Id LIMIT 1";

    /// <summary>For <see cref="WorkProbe"/>: a task is next due when the earliest lock (or abandon back-off) expires.</summary>
    private const string TaskProbe =
        $"SELECT EXISTS ({LockableTaskSelect}), (SELECT MIN(LockExpiresTicks) FROM NewTasks WHERE LockExpiresTicks > $now);";

    /// <inheritdoc/>
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        this.activityDispatcherPolling = true;
        return (await this.activityPoller.NextAsync(receiveTimeout, cancellationToken).ConfigureAwait(false))!;
    }

    /// <inheritdoc/>
    public async Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;
        if (this.HeldTooLong(item))
        {
            throw new SqliteLockLostException(
                $"Activity work item {item.Id} has been locked for longer than MaxActivityLockLifetime ({this.settings.MaxActivityLockLifetime}); its lock is not renewed so that it can be retried.");
        }

        DateTime expires = DateTime.UtcNow + this.settings.LockTimeout;
        int renewed = await this.LockWriteAsync(
            $"renewing the lock of activity {item.Id}",
            c => Sql.Execute(
                c,
                "UPDATE NewTasks SET LockExpiresTicks = $exp WHERE Id = $id AND LockToken = $token AND LockOwner IS NOT NULL;",
                ("$exp", expires.Ticks),
                ("$id", item.RowId),
                ("$token", item.LockToken))).ConfigureAwait(false);
        if (renewed == 0)
        {
            this.heldLocks.Tasks.TryRemove(new KeyValuePair<long, SqliteActivityWorkItem>(item.RowId, item));
            throw new SqliteLockLostException($"The lock of activity work item {item.Id} was taken over by another worker; it cannot be renewed.");
        }

        item.LockExpiresUtc = expires;
        return item;
    }

    /// <inheritdoc/>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        var item = (SqliteActivityWorkItem)workItem;
        ArgumentNullException.ThrowIfNull(responseMessage);
        (HistoryEvent response, string json) = this.LimitActivityResult(item, responseMessage.Event);
        string instanceId = responseMessage.OrchestrationInstance.InstanceId;
        var row = new EventRow(
            instanceId,
            responseMessage.OrchestrationInstance.ExecutionId,
            response.EventType.ToString(),
            SqliteTime.NowTicks(),
            responseMessage.SequenceNumber,
            json,
            null);
        try
        {
            await this.WriteAsync(
                $"completing activity {item.Id} of instance '{instanceId}'",
                c =>
                {
                    // The task's removal and its result commit together; the token makes sure a
                    // worker whose lock was taken over cannot deliver a second result.
                    int removed = Sql.Execute(c, "DELETE FROM NewTasks WHERE Id = $id AND LockToken = $token;", ("$id", item.RowId), ("$token", item.LockToken));
                    if (removed == 0)
                    {
                        throw new SqliteLockLostException(
                            $"Completion of activity work item {item.Id} of instance '{instanceId}' refused: its lock was taken over by another worker. This result was not recorded.");
                    }

                    long? resultId = CheckpointPlan.InsertEvent(c, row, SqliteTime.NowTicks());
                    this.Faults.Step(StoreFaults.ActivityCompletionStep);
                    return resultId;
                },
                resultId =>
                {
                    // A session of this process waiting for the instance gets the result in
                    // memory; otherwise the orchestration pollers look for it.
                    TaskMessage result = EventSerializer.ToMessage(response, instanceId, row.ExecutionId, row.SequenceNumber);
                    if (resultId is not { } id || !this.HandToSession(instanceId, id, result))
                    {
                        this.orchestrationSignal.Set();
                    }
                }).ConfigureAwait(false);
        }
        finally
        {
            this.heldLocks.Tasks.TryRemove(new KeyValuePair<long, SqliteActivityWorkItem>(item.RowId, item));
        }
    }

    /// <inheritdoc/>
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;
        this.heldLocks.Tasks.TryRemove(new KeyValuePair<long, SqliteActivityWorkItem>(item.RowId, item));
        long retryAt = (DateTime.UtcNow + TimeSpan.FromSeconds(Math.Min(30, item.DequeueCount))).Ticks;
        await this.LockWriteAsync(
            $"abandoning activity {item.Id}",
            c => Sql.Execute(
                c,
                "UPDATE NewTasks SET LockOwner = NULL, LockExpiresTicks = $retry WHERE Id = $id AND LockToken = $token;",
                ("$retry", retryAt),
                ("$id", item.RowId),
                ("$token", item.LockToken))).ConfigureAwait(false);
    }

    /// <summary>Whether the activity has been locked by this worker for the maximum lock lifetime (it then hangs, or runs longer than any tool should).</summary>
    private bool HeldTooLong(SqliteActivityWorkItem item) => DateTime.UtcNow - item.LockedAtUtc >= this.settings.MaxActivityLockLifetime;

    /// <summary>
    /// A result over the payload limit fails that activity call (a clear TaskFailed), never the
    /// store. Returns the event to store with its JSON: the result is serialized once.
    /// </summary>
    private (HistoryEvent Response, string Json) LimitActivityResult(SqliteActivityWorkItem item, HistoryEvent response)
    {
        string json = EventSerializer.Serialize(response);
        if (PayloadLimit.Exceeded(json, this.settings.MaxPayloadBytes) is not { } size)
        {
            return (response, json);
        }

        string name = (item.TaskMessage.Event as TaskScheduledEvent)?.Name ?? "activity";
        string message = $"The result of activity '{name}' is {size} bytes, over the store's limit of {this.settings.MaxPayloadBytes} bytes. Return less data (or a reference to it), or raise MaxPayloadBytes.";
        Logs.ActivityResultTooLarge(this.logger, name, item.TaskMessage.OrchestrationInstance.InstanceId, size);
        int scheduledId = item.TaskMessage.Event.EventId;
        var failure = new FailureDetails(SqliteErrorCode.PayloadTooLarge, message, stackTrace: null, innerFailure: null, isNonRetriable: true);
        var failed = new TaskFailedEvent(-1, scheduledId, message, string.Empty, failure);
        return (failed, EventSerializer.Serialize(failed));
    }

    /// <summary>
    /// The activity fetch loop: an activity locked ahead is handed out only while this process
    /// still holds its lock (the heartbeat drops lost ones); a task row is lockable once visible
    /// and unlocked, and the earliest lock expiry is when the next one comes due.
    /// </summary>
    private WorkItemPoller<SqliteActivityWorkItem> NewActivityPoller() => new(
        this.activitySignal,
        this.lockedTasks,
        locked => new ValueTask<SqliteActivityWorkItem?>(this.ClaimTask(locked)),
        now => this.ReadAsync("looking for activity work", c => WorkProbe.Read(c, TaskProbe, now)),
        this.LockTaskBatchAsync,
        this.settings.MinPollingInterval,
        this.settings.MaxPollingInterval);

    /// <summary>Locks up to <see cref="SqliteOrchestrationServiceSettings.LockBatchSize"/> activities in one write and keeps them for the next fetches.</summary>
    private async Task LockTaskBatchAsync()
    {
        long token = NewLockToken();
        DateTime expires = DateTime.UtcNow + this.settings.LockTimeout;
        long now = SqliteTime.NowTicks();
        List<SqliteActivityWorkItem> items = await this.LockWriteAsync("locking activities", c =>
        {
            SqliteCommand command = Sql.Prepared(
                c,
                "UPDATE NewTasks SET LockOwner = $owner, LockExpiresTicks = $exp, LockToken = $token, DequeueCount = DequeueCount + 1 " +
                "WHERE Id IN (SELECT Id FROM NewTasks WHERE VisibleTicks <= $now AND (LockExpiresTicks IS NULL OR LockExpiresTicks <= $now) ORDER BY Id LIMIT $batch) " +
                "RETURNING Id, InstanceId, ExecutionId, SequenceNumber, Event, DequeueCount, ExecutionContext;",
                ("$owner", this.WorkerId),
                ("$exp", expires.Ticks),
                ("$token", token),
                ("$now", now),
                ("$batch", this.settings.LockBatchSize));
            using SqliteDataReader reader = command.ExecuteReader();
            var locked = new List<SqliteActivityWorkItem>();
            while (reader.Read())
            {
                long rowId = reader.GetInt64(0);
                TaskMessage message = ReadTaskMessage(reader.GetString(4), reader.GetString(1), reader.GetStringOrNull(2), reader.GetInt64(3), reader.GetStringOrNull(6));
                locked.Add(new SqliteActivityWorkItem
                {
                    Id = rowId.ToString(CultureInfo.InvariantCulture),
                    RowId = rowId,
                    LockToken = token,
                    LockExpiresUtc = expires,
                    DequeueCount = reader.GetInt32(5),
                    LockedAtUtc = DateTime.UtcNow,
                    TaskMessage = message,
                });
            }

            return locked;
        }).ConfigureAwait(false);
        foreach (SqliteActivityWorkItem item in items.OrderBy(i => i.RowId))
        {
            this.heldLocks.Tasks[item.RowId] = item;
            this.lockedTasks.Enqueue(item);
        }
    }

    /// <summary>
    /// The lock a checkpoint of this process gives to the activity tasks it inserts, or null: only
    /// while this process's activity dispatcher is fetching, and only as many as keep the work
    /// locked ahead within <see cref="SqliteOrchestrationServiceSettings.LockBatchSize"/> (the rest
    /// stay free for any worker, as before).
    /// </summary>
    private TaskLease? LeaseForNewTasks(int count)
    {
        if (count == 0 || !this.activityDispatcherPolling)
        {
            return null;
        }

        int room = Math.Min(count, this.settings.LockBatchSize - this.lockedTasks.Count);
        return room <= 0 ? null : new TaskLease(this.WorkerId, NewLockToken(), (DateTime.UtcNow + this.settings.LockTimeout).Ticks, room);
    }

    /// <summary>
    /// After a checkpoint's commit (on the writer thread): the tasks it inserted locked for this
    /// worker go straight to the activity dispatcher, with no probe and no lock write. Should the
    /// dispatcher have stopped meanwhile, their locks are released at once.
    /// </summary>
    private void HandOverLeasedTasks(CheckpointPlan plan)
    {
        if (plan.TaskLease is not { } lease || plan.LeasedTaskIds.Count == 0)
        {
            return;
        }

        var expires = new DateTime(lease.ExpiresTicks, DateTimeKind.Utc);
        DateTime now = DateTime.UtcNow;
        var items = new List<SqliteActivityWorkItem>(plan.LeasedTaskIds.Count);
        for (int i = 0; i < plan.LeasedTaskIds.Count; i++)
        {
            long rowId = plan.LeasedTaskIds[i];
            items.Add(new SqliteActivityWorkItem
            {
                Id = rowId.ToString(CultureInfo.InvariantCulture),
                RowId = rowId,
                LockToken = lease.Token,
                LockExpiresUtc = expires,
                DequeueCount = 1,
                LockedAtUtc = now,
                Unread = plan.Tasks[i],
            });
        }

        if (!this.activityDispatcherPolling)
        {
            _ = this.LockWriteAsync(
                "releasing activities leased after the dispatcher stopped",
                c => items.Sum(t => Sql.Execute(c, "UPDATE NewTasks SET LockOwner = NULL, LockExpiresTicks = NULL WHERE Id = $id AND LockToken = $token;", ("$id", t.RowId), ("$token", t.LockToken)))).ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return;
        }

        foreach (SqliteActivityWorkItem item in items)
        {
            this.heldLocks.Tasks[item.RowId] = item;
            this.lockedTasks.Enqueue(item);
        }
    }

    /// <summary>An activity locked ahead is handed out only while this process still holds its lock (the heartbeat drops lost ones); a leased one gets its message read here.</summary>
    private SqliteActivityWorkItem? ClaimTask(SqliteActivityWorkItem item)
    {
        if (!this.heldLocks.Tasks.ContainsKey(item.RowId))
        {
            return null;
        }

        if (item.Unread is { } row)
        {
            item.TaskMessage = ReadTaskMessage(row.Json, row.InstanceId, row.ExecutionId, row.SequenceNumber, row.ExecutionContext);
            item.Unread = null;
        }

        return item;
    }

    /// <summary>An activity invocation's message from its stored row; the framework hands the orchestration's context (its tags) to activity middleware.</summary>
    private static TaskMessage ReadTaskMessage(string json, string instanceId, string? executionId, long sequenceNumber, string? executionContext)
    {
        HistoryEvent scheduled = EventSerializer.Deserialize(nameof(EventType.TaskScheduled), json);
        TaskMessage message = EventSerializer.ToMessage(scheduled, instanceId, executionId, sequenceNumber);
        message.OrchestrationExecutionContext = executionContext is { } context
            ? EventSerializer.DeserializeObject<OrchestrationExecutionContext>(context)
            : null;
        return message;
    }
}
