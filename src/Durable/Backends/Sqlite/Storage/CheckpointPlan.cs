using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// Everything one orchestration checkpoint writes, serialized and size-checked before it reaches
/// the writer thread; <see cref="Apply"/> writes it inside the writer's transaction: all of it
/// commits together or none of it does.
/// </summary>
internal sealed class CheckpointPlan
{
    public required string InstanceId { get; init; }

    public required long LockToken { get; init; }

    public required IReadOnlyList<long> ConsumedMessageIds { get; init; }

    /// <summary>The work item was invalid (no state): only consume its messages and unlock.</summary>
    public bool ConsumeOnly { get; init; }

    public bool KeepLock { get; init; }

    public IReadOnlyList<HistoryRow> History { get; init; } = [];

    public IReadOnlyList<TaskRow> Tasks { get; init; } = [];

    public IReadOnlyList<EventRow> Timers { get; init; } = [];

    public IReadOnlyList<EventRow> Messages { get; init; } = [];

    public InstanceUpdate? Instance { get; init; }

    /// <summary>Set when an oversized payload turned this checkpoint into a failure of the orchestration.</summary>
    public string? PayloadFailure { get; init; }

    /// <summary>When set, the first <see cref="TaskLease.Count"/> activity tasks are inserted already locked for this worker.</summary>
    public TaskLease? TaskLease { get; init; }

    /// <summary>Row ids of the tasks <see cref="Apply"/> inserted locked under <see cref="TaskLease"/>, in the order of <see cref="Tasks"/>.</summary>
    public List<long> LeasedTaskIds { get; } = [];

    public void Apply(SqliteConnection connection, StoreFaults faults, long nowTicks)
    {
        (long? current, string? storedExecutionId) = ReadLock(connection, this.InstanceId);
        if (current != this.LockToken)
        {
            throw new SqliteLockLostException(
                $"Checkpoint of instance '{this.InstanceId}' refused: its lock was taken over by another worker (or the instance was recreated or purged). Nothing of this checkpoint was applied.");
        }

        if (this.ConsumeOnly || this.Instance is null)
        {
            this.DeleteConsumed(connection);
            Sql.Execute(connection, "UPDATE Instances SET LockOwner = NULL, LockExpiresTicks = NULL, DispatchAttempts = 0 WHERE InstanceId = $id;", ("$id", this.InstanceId));
            return;
        }

        // A new execution id means continue-as-new (or a recreated instance): the history of the
        // previous execution is replaced, as the framework's providers do. Only then: the delete
        // reads every history row of the instance, which made each checkpoint cost O(history).
        if (storedExecutionId != this.Instance.ExecutionId)
        {
            Sql.Execute(
                connection,
                "DELETE FROM History WHERE InstanceId = $id AND ExecutionId <> $exec;",
                ("$id", this.InstanceId),
                ("$exec", this.Instance.ExecutionId));
        }

        SqliteCommand insert = Sql.Prepared(
            connection,
            "INSERT INTO History (InstanceId, SequenceNumber, ExecutionId, EventType, TimestampTicks, Event) VALUES ($id, $seq, $exec, $type, $ts, $event);");
        insert.Parameters.AddWithValue("$id", this.InstanceId);
        SqliteParameter seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        SqliteParameter exec = insert.Parameters.Add("$exec", SqliteType.Text);
        SqliteParameter type = insert.Parameters.Add("$type", SqliteType.Text);
        SqliteParameter ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        SqliteParameter json = insert.Parameters.Add("$event", SqliteType.Text);
        foreach (HistoryRow row in this.History)
        {
            seq.Value = row.SequenceNumber;
            exec.Value = row.ExecutionId;
            type.Value = row.EventType;
            ts.Value = row.TimestampTicks;
            json.Value = row.Json;
            insert.ExecuteNonQuery();
        }

        faults.Step(StoreFaults.CheckpointHistoryStep);

        this.InsertTasks(connection, nowTicks);
        faults.Step(StoreFaults.CheckpointActivitiesStep);

        InsertEvents(connection, this.Timers, nowTicks);
        faults.Step(StoreFaults.CheckpointTimersStep);

        foreach (EventRow message in this.Messages)
        {
            if (message.Start is { } start && !EnsureStartable(connection, start, nowTicks))
            {
                // A live instance already has that id: the parent's call fails at once (rather
                // than waiting forever for a child that is someone else's).
                RefuseChild(connection, start, nowTicks);
                continue;
            }

            InsertEvents(connection, [message], nowTicks);
        }

        faults.Step(StoreFaults.CheckpointMessagesStep);

        this.DeleteConsumed(connection);
        faults.Step(StoreFaults.CheckpointConsumeStep);

        InstanceUpdate update = this.Instance;
        Sql.Execute(
            connection,
            "UPDATE Instances SET ExecutionId = $exec, Name = $name, Version = $version, RuntimeStatus = $status, " +
            "LastUpdatedTicks = $now, CompletedTicks = $completed, Input = $input, Output = $output, CustomStatus = $custom, " +
            "FailureDetails = $failure, Tags = COALESCE($tags, Tags), " +
            "LockOwner = CASE WHEN $keep THEN LockOwner ELSE NULL END, " +
            "LockExpiresTicks = CASE WHEN $keep THEN LockExpiresTicks ELSE NULL END, " +
            // The episode returned: its dispatch attempt is over. A kept lock (extended session)
            // counts the session's next episode at once, since it is delivered without a write.
            "DispatchAttempts = CASE WHEN $keep THEN 1 ELSE 0 END " +
            "WHERE InstanceId = $id AND LockToken = $token;",
            ("$exec", update.ExecutionId),
            ("$name", update.Name),
            ("$version", update.Version),
            ("$status", update.RuntimeStatus),
            ("$now", nowTicks),
            ("$completed", update.CompletedTicks),
            ("$input", update.Input),
            ("$output", update.Output),
            ("$custom", update.CustomStatus),
            ("$failure", update.FailureDetails),
            ("$tags", update.Tags),
            ("$keep", this.KeepLock && !update.IsTerminal),
            ("$id", this.InstanceId),
            ("$token", this.LockToken));
        faults.Step(StoreFaults.CheckpointInstanceStep);
    }

    /// <summary>The instance's lock token and current execution id (nulls when the instance does not exist).</summary>
    private static (long? LockToken, string? ExecutionId) ReadLock(SqliteConnection connection, string instanceId)
    {
        SqliteCommand read = Sql.Prepared(connection, "SELECT LockToken, ExecutionId FROM Instances WHERE InstanceId = $id;", ("$id", instanceId));
        using SqliteDataReader reader = read.ExecuteReader();
        return reader.Read() ? (reader.GetInt64OrNull(0), reader.GetStringOrNull(1)) : (null, null);
    }

    /// <summary>Inserts one message and returns its row id; null when its instance does not exist (the message is dropped, as in <see cref="InsertEvents"/>).</summary>
    public static long? InsertEvent(SqliteConnection connection, EventRow row, long nowTicks) =>
        Sql.Scalar(
            connection,
            "INSERT INTO NewEvents (InstanceId, ExecutionId, EventType, VisibleTicks, CreatedTicks, SequenceNumber, Event) " +
            "SELECT $id, $exec, $type, $visible, $now, $seq, $event WHERE EXISTS (SELECT 1 FROM Instances WHERE InstanceId = $id) RETURNING Id;",
            ("$id", row.InstanceId),
            ("$exec", row.ExecutionId),
            ("$type", row.EventType),
            ("$visible", row.VisibleTicks),
            ("$now", nowTicks),
            ("$seq", row.SequenceNumber),
            ("$event", row.Json)) as long?;

    /// <summary>Inserts messages; a message to an instance that does not exist is dropped (nothing would ever read it).</summary>
    public static int InsertEvents(SqliteConnection connection, IEnumerable<EventRow> rows, long nowTicks)
    {
        SqliteCommand insert = Sql.Prepared(
            connection,
            "INSERT INTO NewEvents (InstanceId, ExecutionId, EventType, VisibleTicks, CreatedTicks, SequenceNumber, Event) " +
            "SELECT $id, $exec, $type, $visible, $now, $seq, $event WHERE EXISTS (SELECT 1 FROM Instances WHERE InstanceId = $id);");
        SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Text);
        SqliteParameter exec = insert.Parameters.Add("$exec", SqliteType.Text);
        SqliteParameter type = insert.Parameters.Add("$type", SqliteType.Text);
        SqliteParameter visible = insert.Parameters.Add("$visible", SqliteType.Integer);
        insert.Parameters.AddWithValue("$now", nowTicks);
        SqliteParameter seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        SqliteParameter json = insert.Parameters.Add("$event", SqliteType.Text);
        int inserted = 0;
        foreach (EventRow row in rows)
        {
            id.Value = row.InstanceId;
            exec.Value = (object?)row.ExecutionId ?? DBNull.Value;
            type.Value = row.EventType;
            visible.Value = row.VisibleTicks;
            seq.Value = row.SequenceNumber;
            json.Value = row.Json;
            inserted += insert.ExecuteNonQuery();
        }

        return inserted;
    }

    /// <summary>
    /// Inserts the activity tasks. Those under <see cref="TaskLease"/> are inserted locked for this
    /// worker, so its activity dispatcher gets them after the commit with no lock write and no probe
    /// of its own; a crash leaves them locked until the lock expires, like any task it had locked.
    /// </summary>
    private void InsertTasks(SqliteConnection connection, long nowTicks)
    {
        this.LeasedTaskIds.Clear();
        if (this.Tasks.Count == 0)
        {
            return;
        }

        SqliteCommand insert = Sql.Prepared(
            connection,
            "INSERT INTO NewTasks (InstanceId, ExecutionId, TaskEventId, Name, VisibleTicks, CreatedTicks, SequenceNumber, Event, ExecutionContext, LockOwner, LockExpiresTicks, LockToken, DequeueCount) " +
            "VALUES ($id, $exec, $task, $name, $now, $now, $seq, $event, $context, $owner, $expires, $token, $dequeued) RETURNING Id;");
        SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Text);
        SqliteParameter exec = insert.Parameters.Add("$exec", SqliteType.Text);
        SqliteParameter task = insert.Parameters.Add("$task", SqliteType.Integer);
        SqliteParameter name = insert.Parameters.Add("$name", SqliteType.Text);
        insert.Parameters.AddWithValue("$now", nowTicks);
        SqliteParameter seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        SqliteParameter json = insert.Parameters.Add("$event", SqliteType.Text);
        SqliteParameter context = insert.Parameters.Add("$context", SqliteType.Text);
        SqliteParameter owner = insert.Parameters.Add("$owner", SqliteType.Text);
        SqliteParameter expires = insert.Parameters.Add("$expires", SqliteType.Integer);
        SqliteParameter token = insert.Parameters.Add("$token", SqliteType.Integer);
        SqliteParameter dequeued = insert.Parameters.Add("$dequeued", SqliteType.Integer);
        int leased = this.TaskLease?.Count ?? 0;
        for (int i = 0; i < this.Tasks.Count; i++)
        {
            TaskRow row = this.Tasks[i];
            context.Value = (object?)row.ExecutionContext ?? DBNull.Value;
            id.Value = row.InstanceId;
            exec.Value = (object?)row.ExecutionId ?? DBNull.Value;
            task.Value = row.TaskEventId;
            name.Value = (object?)row.Name ?? DBNull.Value;
            seq.Value = row.SequenceNumber;
            json.Value = row.Json;
            bool lease = i < leased;
            owner.Value = lease ? this.TaskLease!.Owner : DBNull.Value;
            expires.Value = lease ? this.TaskLease!.ExpiresTicks : DBNull.Value;
            token.Value = lease ? this.TaskLease!.Token : 0L;
            dequeued.Value = lease ? 1 : 0;
            long rowId = (long)insert.ExecuteScalar()!;
            if (lease)
            {
                this.LeasedTaskIds.Add(rowId);
            }
        }
    }

    /// <summary>
    /// A sub-orchestration start creates its instance in the same transaction. An existing live
    /// instance keeps running and the duplicate start is dropped; a finished one is recreated.
    /// </summary>
    private static bool EnsureStartable(SqliteConnection connection, DurableTask.Core.History.ExecutionStartedEvent start, long nowTicks)
    {
        string? status = InstanceRows.Status(connection, start.OrchestrationInstance.InstanceId);
        if (status is null)
        {
            InstanceRows.Insert(connection, start, nowTicks);
            return true;
        }

        if (InstanceRows.IsTerminal(status))
        {
            InstanceRows.Reset(connection, start, nowTicks);
            return true;
        }

        return false;
    }

    private static void RefuseChild(SqliteConnection connection, DurableTask.Core.History.ExecutionStartedEvent start, long nowTicks)
    {
        if (start.ParentInstance?.OrchestrationInstance is not { } parent)
        {
            return;
        }

        string reason = $"A sub-orchestration with instance id '{start.OrchestrationInstance.InstanceId}' already exists and is not finished; it was not started again.";
        var failure = new DurableTask.Core.FailureDetails("OrchestrationAlreadyExists", reason, stackTrace: null, innerFailure: null, isNonRetriable: true);
        var failed = new DurableTask.Core.History.SubOrchestrationInstanceFailedEvent(-1, start.ParentInstance.TaskScheduleId, reason, string.Empty, failure);
        InsertEvents(
            connection,
            [new EventRow(parent.InstanceId, parent.ExecutionId, failed.EventType.ToString(), nowTicks, 0, EventSerializer.Serialize(failed), null)],
            nowTicks);
    }

    private void DeleteConsumed(SqliteConnection connection)
    {
        if (this.ConsumedMessageIds.Count == 0)
        {
            return;
        }

        SqliteCommand delete = Sql.Prepared(connection, "DELETE FROM NewEvents WHERE Id = $id;");
        SqliteParameter id = delete.Parameters.Add("$id", SqliteType.Integer);
        foreach (long messageId in this.ConsumedMessageIds)
        {
            id.Value = messageId;
            delete.ExecuteNonQuery();
        }
    }
}
