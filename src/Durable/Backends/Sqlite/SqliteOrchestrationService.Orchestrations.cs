using System.Diagnostics;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Durable.Backends.Sqlite.Signals;
using ScriptHarness.Durable.Backends.Sqlite.Storage;
using ScriptHarness.Durable.Backends.Sqlite.WorkItems;

namespace ScriptHarness.Durable.Backends.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    private const string LockableOrchestrationSelect =
        "SELECT e.InstanceId FROM NewEvents e JOIN Instances i ON i.InstanceId = e.InstanceId " +
        "WHERE e.VisibleTicks <= $now AND (i.LockExpiresTicks IS NULL OR i.LockExpiresTicks <= $now) " +
        "ORDER BY e.VisibleTicks, e.Id LIMIT 1";

    /// <summary>For <see cref="WorkProbe"/>: an instance is next due when its earliest future message (a timer) becomes visible.</summary>
    private const string OrchestrationProbe =
        $"SELECT EXISTS ({LockableOrchestrationSelect}), (SELECT MIN(VisibleTicks) FROM NewEvents WHERE VisibleTicks > $now);";

    /// <inheritdoc/>
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        (await this.orchestrationPoller.NextAsync(receiveTimeout, cancellationToken).ConfigureAwait(false))!;

    /// <inheritdoc/>
    public async Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        DateTime expires = DateTime.UtcNow + this.settings.LockTimeout;
        int renewed = await this.LockWriteAsync(
            $"renewing the lock of instance '{item.InstanceId}'",
            c => Sql.Execute(
                c,
                "UPDATE Instances SET LockExpiresTicks = $exp WHERE InstanceId = $id AND LockToken = $token AND LockOwner IS NOT NULL;",
                ("$exp", expires.Ticks),
                ("$id", item.InstanceId),
                ("$token", item.LockToken))).ConfigureAwait(false);
        if (renewed == 0)
        {
            this.ForgetInstanceLock(item);
            throw new SqliteLockLostException($"The lock of instance '{item.InstanceId}' was taken over by another worker; it cannot be renewed.");
        }

        item.LockExpiresUtc = expires;
    }

    /// <inheritdoc/>
    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        long now = SqliteTime.NowTicks();
        List<TaskMessage> messages = [.. orchestratorMessages ?? []];
        if (continuedAsNewMessage is not null)
        {
            messages.Add(continuedAsNewMessage);
        }

        CheckpointPlan plan = this.PlanCheckpoint(item, newOrchestrationRuntimeState, outboundMessages ?? [], messages, timerMessages ?? [], orchestrationState, now, this.LeaseForNewTasks(outboundMessages?.Count ?? 0));
        if (plan.PayloadFailure is not null)
        {
            Logs.CheckpointPayloadTooLarge(this.logger, item.InstanceId, plan.PayloadFailure);
        }

        try
        {
            await this.WriteAsync(
                $"checkpointing instance '{item.InstanceId}'",
                c =>
                {
                    plan.Apply(c, this.Faults, now);
                    return 0;
                },
                _ => this.AfterCheckpoint(plan)).ConfigureAwait(false);
        }
        catch (SqliteLockLostException)
        {
            Logs.CheckpointRefused(this.logger, item.InstanceId, this.WorkerId);
            this.ForgetInstanceLock(item);
            throw;
        }

        item.MessageIds = [];
        this.LeaveSuspectGate(item);
        item.DispatchCounted = plan.KeepLock && !plan.ConsumeOnly && plan.Instance?.IsTerminal != true;
        if (!plan.KeepLock || plan.ConsumeOnly || plan.Instance?.IsTerminal == true)
        {
            this.ForgetInstanceLock(item);
        }
    }

    /// <inheritdoc/>
    public async Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        var item = (SqliteOrchestrationWorkItem)workItem;
        if (!item.LockHeld)
        {
            return;
        }

        this.ForgetInstanceLock(item);

        // The messages stay; the instance becomes lockable again after a short back-off so a
        // failing episode does not spin.
        long retryAt = (DateTime.UtcNow + TimeSpan.FromSeconds(1)).Ticks;
        await this.LockWriteAsync(
            $"abandoning instance '{item.InstanceId}'",
            c => Sql.Execute(
                c,
                "UPDATE Instances SET LockOwner = NULL, LockExpiresTicks = $retry, " + TakeBackDispatch + " WHERE InstanceId = $id AND LockToken = $token;",
                ("$retry", retryAt),
                ("$counted", item.DispatchCounted ? 1 : 0),
                ("$id", item.InstanceId),
                ("$token", item.LockToken)),
            _ => this.orchestrationSignal.Set()).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) =>
        this.ReleaseInstanceLockAsync((SqliteOrchestrationWorkItem)workItem);

    /// <summary>Releases the instance lock if this work item still holds it (fenced by its token).</summary>
    internal async Task ReleaseInstanceLockAsync(SqliteOrchestrationWorkItem item)
    {
        if (!item.LockHeld)
        {
            return;
        }

        this.ForgetInstanceLock(item);
        await this.LockWriteAsync(
            $"releasing instance '{item.InstanceId}'",
            c => Sql.Execute(
                c,
                "UPDATE Instances SET LockOwner = NULL, LockExpiresTicks = NULL, " + TakeBackDispatch + " WHERE InstanceId = $id AND LockToken = $token;",
                ("$counted", item.DispatchCounted ? 1 : 0),
                ("$id", item.InstanceId),
                ("$token", item.LockToken)),
            _ => this.orchestrationSignal.Set()).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits (holding the instance lock) for new messages of an extended session; null ends the
    /// session (idle timeout, lock lost, service stopping).
    /// </summary>
    internal async Task<IList<TaskMessage>?> FetchSessionMessagesAsync(SqliteOrchestrationWorkItem item)
    {
        var inbox = new SessionInbox();
        this.sessionSignals[item.InstanceId] = inbox;
        var idle = Stopwatch.StartNew();
        CancellationToken stopping = this.backgroundCancellation?.Token ?? CancellationToken.None;
        try
        {
            while (item.LockHeld && !stopping.IsCancellationRequested)
            {
                Task ticket = inbox.Signal.Ticket;

                // Messages this process committed for the instance since the fetch began come in
                // memory: no read. (Any committed before it began are read by the first poll.)
                if (inbox.TryTake(this.settings.MaxMessagesPerWorkItem, out List<TaskMessage> handed, out List<long> handedIds))
                {
                    item.MessageIds = handedIds;
                    return handed;
                }

                long now = SqliteTime.NowTicks();
                SessionPoll poll = await this.ReadAsync(
                    $"waiting for messages of instance '{item.InstanceId}'",
                    c => PollSession(c, item, now, this.settings.MaxMessagesPerWorkItem)).ConfigureAwait(false);
                if (!poll.LockHeld)
                {
                    this.ForgetInstanceLock(item);
                    return null;
                }

                if (poll.Messages.Count > 0)
                {
                    item.MessageIds = poll.MessageIds;
                    return poll.Messages;
                }

                TimeSpan remaining = this.settings.ExtendedSessionIdleTimeout - idle.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    return null;
                }

                TimeSpan wait = Min(remaining, this.settings.MaxPollingInterval);
                if (poll.NextVisible is { } next)
                {
                    wait = Min(wait, TimeSpan.FromTicks(Math.Max(0, next - now)));
                }

                await WakeSignal.WaitAsync(ticket, wait, stopping).ConfigureAwait(false);
            }

            return null;
        }
        finally
        {
            this.sessionSignals.TryRemove(new KeyValuePair<string, SessionInbox>(item.InstanceId, inbox));
        }
    }

    private void ForgetInstanceLock(SqliteOrchestrationWorkItem item)
    {
        this.LeaveSuspectGate(item);
        item.LockHeld = false;
        this.heldLocks.Instances.TryRemove(new KeyValuePair<string, SqliteOrchestrationWorkItem>(item.InstanceId, item));
    }

    /// <summary>
    /// The orchestration fetch loop: an instance locked ahead is handed out with its messages and
    /// history (or unlocked when its messages are gone); an instance is lockable when it has a
    /// visible message and no live lock, and the earliest future message is when the next comes due.
    /// </summary>
    private WorkItemPoller<SqliteOrchestrationWorkItem> NewOrchestrationPoller() => new(
        this.orchestrationSignal,
        this.lockedInstances,
        locked => new ValueTask<SqliteOrchestrationWorkItem?>(this.LoadLockedAsync(locked)),
        now => this.ReadAsync("looking for orchestration work", c => WorkProbe.Read(c, OrchestrationProbe, now)),
        this.LockOrchestrationBatchAsync,
        this.settings.MinPollingInterval,
        this.settings.MaxPollingInterval);

    /// <summary>
    /// Locks up to <see cref="SqliteOrchestrationServiceSettings.LockBatchSize"/> instances in one
    /// write and keeps them for the next fetches: a lock write waits for the writer, so taking
    /// several at once keeps the dispatcher fed when the disk is slow. Returns how many were locked.
    /// </summary>
    private async Task<int> LockOrchestrationBatchAsync()
    {
        long token = NewLockToken();
        DateTime expires = DateTime.UtcNow + this.settings.LockTimeout;
        long now = SqliteTime.NowTicks();
        List<(string InstanceId, string Status, int Discarded, long Attempts)> locked = await this.LockWriteAsync(
            "locking orchestrations",
            c => this.LockOrchestrations(c, token, expires.Ticks, now, this.settings.LockBatchSize)).ConfigureAwait(false);
        int count = 0;
        foreach ((string instanceId, string status, int discarded, long attempts) in locked)
        {
            if (discarded > 0)
            {
                Logs.DiscardedMessages(this.logger, discarded, instanceId, status);
                continue;
            }

            var item = new SqliteOrchestrationWorkItem { InstanceId = instanceId, LockToken = token, LockExpiresUtc = expires, AttemptsWhenLocked = attempts };
            this.heldLocks.Instances[instanceId] = item;
            this.lockedInstances.Enqueue(item);
            count++;
        }

        return count;
    }

    /// <summary>Loads the messages and history of a locked instance; null (and unlocked) when it has no messages left.</summary>
    private async Task<SqliteOrchestrationWorkItem?> LoadLockedAsync(SqliteOrchestrationWorkItem item)
    {
        if (!item.LockHeld)
        {
            return null;
        }

        if (!this.TryEnterSuspectGate(item))
        {
            return null;
        }

        try
        {
            long now = SqliteTime.NowTicks();
            (List<TaskMessage> messages, List<long> ids, List<HistoryEvent> history) = await this.ReadAsync(
                $"loading instance '{item.InstanceId}'",
                c => LoadWorkItem(c, item.InstanceId, now, this.settings.MaxMessagesPerWorkItem)).ConfigureAwait(false);
            if (messages.Count == 0)
            {
                await this.ReleaseInstanceLockAsync(item).ConfigureAwait(false);
                return null;
            }

            if (!await this.CountDispatchAsync(item).ConfigureAwait(false))
            {
                return null;
            }

            item.NewMessages = messages;
            item.MessageIds = ids;
            item.OrchestrationRuntimeState = new OrchestrationRuntimeState(history);
            if (this.settings.ExtendedSessionsEnabled)
            {
                item.Session = new SqliteOrchestrationSession(this, item);
            }

            return item;
        }
        catch
        {
            await this.AbandonTaskOrchestrationWorkItemAsync(item).ConfigureAwait(false);
            throw;
        }
    }

    private List<(string InstanceId, string Status, int Discarded, long Attempts)> LockOrchestrations(SqliteConnection connection, long token, long expiresTicks, long now, int batchSize)
    {
        var locked = new List<(string InstanceId, string Status, int Discarded, long Attempts)>();
        SqliteCommand command = Sql.Prepared(
            connection,
            "UPDATE Instances SET LockOwner = $owner, LockExpiresTicks = $exp, LockToken = $token WHERE InstanceId IN (" +
            // INDEXED BY: left to itself the planner reads NewEvents in instance order to group
            // without a sort, i.e. every row, and each far timer (one per run paused on approval)
            // is a row: 100,000 paused runs made every poll, and so every resume, ~25 ms slower.
            "SELECT e.InstanceId FROM NewEvents e INDEXED BY IX_NewEvents_Visible JOIN Instances i ON i.InstanceId = e.InstanceId " +
            "WHERE e.VisibleTicks <= $now AND (i.LockExpiresTicks IS NULL OR i.LockExpiresTicks <= $now) " +
            "GROUP BY e.InstanceId ORDER BY MIN(e.Id) LIMIT $batch) RETURNING InstanceId, RuntimeStatus, DispatchAttempts;",
            ("$owner", this.WorkerId),
            ("$exp", expiresTicks),
            ("$token", token),
            ("$now", now),
            ("$batch", batchSize));
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                locked.Add((reader.GetString(0), reader.GetString(1), 0, reader.GetInt64(2)));
            }
        }

        for (int i = 0; i < locked.Count; i++)
        {
            (string instanceId, string status, _, long attempts) = locked[i];
            if (!InstanceRows.IsTerminal(status))
            {
                continue;
            }

            // Messages to a finished instance (late activity results, events) can never be
            // processed: drop them here, as the framework's providers do, and unlock.
            int discarded = Sql.Execute(connection, "DELETE FROM NewEvents WHERE InstanceId = $id AND VisibleTicks <= $now;", ("$id", instanceId), ("$now", now));
            Sql.Execute(connection, "UPDATE Instances SET LockOwner = NULL, LockExpiresTicks = NULL WHERE InstanceId = $id;", ("$id", instanceId));
            locked[i] = (instanceId, status, Math.Max(discarded, 1), attempts);
        }

        return locked;
    }

    private static (List<TaskMessage> Messages, List<long> Ids, List<HistoryEvent> History) LoadWorkItem(SqliteConnection connection, string instanceId, long now, int maxMessages)
    {
        (List<TaskMessage> messages, List<long> ids) = ReadMessages(connection, instanceId, now, maxMessages);
        var history = new List<HistoryEvent>();
        if (messages.Count > 0)
        {
            SqliteCommand command = Sql.Prepared(
                connection,
                "SELECT EventType, Event FROM History WHERE InstanceId = $id ORDER BY SequenceNumber;",
                ("$id", instanceId));
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                history.Add(EventSerializer.Deserialize(reader.GetString(0), reader.GetString(1)));
            }
        }

        return (messages, ids, history);
    }

    private static (List<TaskMessage> Messages, List<long> Ids) ReadMessages(SqliteConnection connection, string instanceId, long now, int maxMessages)
    {
        var messages = new List<TaskMessage>();
        var ids = new List<long>();
        SqliteCommand command = Sql.Prepared(
            connection,
            "SELECT Id, EventType, Event, ExecutionId, SequenceNumber FROM NewEvents WHERE InstanceId = $id AND VisibleTicks <= $now ORDER BY Id LIMIT $max;",
            ("$id", instanceId),
            ("$now", now),
            ("$max", maxMessages));
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
            HistoryEvent historyEvent = EventSerializer.Deserialize(reader.GetString(1), reader.GetString(2));
            messages.Add(EventSerializer.ToMessage(historyEvent, instanceId, reader.GetStringOrNull(3), reader.GetInt64(4)));
        }

        return (messages, ids);
    }

    private static SessionPoll PollSession(SqliteConnection connection, SqliteOrchestrationWorkItem item, long now, int maxMessages)
    {
        object? token = Sql.Scalar(connection, "SELECT LockToken FROM Instances WHERE InstanceId = $id;", ("$id", item.InstanceId));
        if (token is not long current || current != item.LockToken)
        {
            return new SessionPoll(false, [], [], null);
        }

        (List<TaskMessage> messages, List<long> ids) = ReadMessages(connection, item.InstanceId, now, maxMessages);
        long? next = messages.Count > 0 ? null : (long?)Sql.Scalar(
            connection,
            "SELECT MIN(VisibleTicks) FROM NewEvents WHERE InstanceId = $id AND VisibleTicks > $now;",
            ("$id", item.InstanceId),
            ("$now", now));
        return new SessionPoll(true, messages, ids, next);
    }

    private void AfterCheckpoint(CheckpointPlan plan)
    {
        this.HandOverLeasedTasks(plan);
        if (plan.Tasks.Count > 0)
        {
            this.activitySignal.Set();
        }

        // Pollers are woken only for messages that a session of this process does not take
        // itself, or when the instance's lock was released.
        bool wakePollers = !plan.KeepLock || plan.ConsumeOnly || plan.Instance?.IsTerminal == true;
        foreach (string target in plan.Messages.Select(m => m.InstanceId).Concat(plan.Timers.Select(t => t.InstanceId)).Distinct(StringComparer.Ordinal))
        {
            wakePollers |= !this.WakeSession(target);
        }

        if (wakePollers)
        {
            this.orchestrationSignal.Set();
        }

        if (plan.Instance?.IsTerminal == true)
        {
            this.completionSignal.Set();
        }
    }

    /// <summary>Wakes the extended session of this process waiting for <paramref name="instanceId"/>, if any.</summary>
    private bool WakeSession(string instanceId)
    {
        if (this.sessionSignals.TryGetValue(instanceId, out SessionInbox? inbox))
        {
            inbox.Signal.Set();
            return true;
        }

        return false;
    }

    /// <summary>
    /// After the commit of message row <paramref name="rowId"/>: gives it to the extended session
    /// of this process fetching for its instance, if any (false: nobody took it, wake the pollers).
    /// </summary>
    private bool HandToSession(string instanceId, long rowId, TaskMessage message)
    {
        if (this.sessionSignals.TryGetValue(instanceId, out SessionInbox? inbox))
        {
            inbox.Hand(rowId, message);
            return true;
        }

        return false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed record SessionPoll(bool LockHeld, List<TaskMessage> Messages, List<long> MessageIds, long? NextVisible);
}
