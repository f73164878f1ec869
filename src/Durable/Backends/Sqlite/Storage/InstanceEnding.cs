using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Data.Sqlite;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// Ends a live instance in the store itself, inside the caller's write transaction, without a
/// worker running its orchestrator: a forced terminate and a poison quarantine must work while no
/// worker is up, or while every worker that takes the instance dies. It writes what the
/// framework's dispatcher would have written for the same end: the history's closing events (and
/// the start event when the instance never checkpointed), the terminal instance row, the failed
/// call in the parent when there is one. Its pending messages and activity tasks go, and a new
/// lock token fences out any worker still running an episode of it.
/// </summary>
internal static class InstanceEnding
{
    /// <summary>What ending an instance did.</summary>
    public enum Outcome
    {
        /// <summary>No instance has that id.</summary>
        NotFound,

        /// <summary>The instance had already finished; nothing was written.</summary>
        AlreadyFinished,

        /// <summary>The instance is now in the requested terminal status.</summary>
        Ended,
    }

    /// <summary>Ends the instance as <see cref="OrchestrationStatus.Terminated"/> with <paramref name="reason"/> as its output.</summary>
    public static (Outcome Outcome, string? ParentInstanceId) Terminate(SqliteConnection connection, string instanceId, string reason, long nowTicks) =>
        End(connection, instanceId, OrchestrationStatus.Terminated, reason, failure: null, [new ExecutionTerminatedEvent(-1, reason)], nowTicks);

    /// <summary>Whether the instance exists, is not finished and has no history yet: no episode of it ever checkpointed.</summary>
    public static bool NeverRan(SqliteConnection connection, string instanceId) =>
        Sql.Scalar(
            connection,
            "SELECT 1 FROM Instances i WHERE i.InstanceId = $id AND i.RuntimeStatus = 'Pending' AND NOT EXISTS (SELECT 1 FROM History h WHERE h.InstanceId = i.InstanceId);",
            ("$id", instanceId)) is not null;

    /// <summary>Ends the instance as <see cref="OrchestrationStatus.Failed"/> with <paramref name="failure"/>.</summary>
    public static (Outcome Outcome, string? ParentInstanceId) Fail(SqliteConnection connection, string instanceId, FailureDetails failure, long nowTicks) =>
        End(connection, instanceId, OrchestrationStatus.Failed, failure.ErrorMessage, failure, [], nowTicks);

    private static (Outcome, string?) End(
        SqliteConnection connection,
        string instanceId,
        OrchestrationStatus status,
        string output,
        FailureDetails? failure,
        IReadOnlyList<HistoryEvent> closing,
        long nowTicks)
    {
        string? executionId;
        string? current;
        using (SqliteCommand read = Sql.Command(connection, "SELECT ExecutionId, RuntimeStatus FROM Instances WHERE InstanceId = $id;", ("$id", instanceId)))
        using (SqliteDataReader reader = read.ExecuteReader())
        {
            if (!reader.Read())
            {
                return (Outcome.NotFound, null);
            }

            executionId = reader.GetString(0);
            current = reader.GetString(1);
        }

        if (InstanceRows.IsTerminal(current))
        {
            return (Outcome.AlreadyFinished, null);
        }

        var events = new List<HistoryEvent>();
        ExecutionStartedEvent? start = RecordedStart(connection, instanceId);
        if (start is null && PendingStart(connection, instanceId) is { } pending)
        {
            // The instance never checkpointed (its first episode is the one that kills the
            // worker): record its start, so the history says what was run and who its parent is.
            start = pending;
            events.Add(pending);
        }

        events.AddRange(closing);
        events.Add(new ExecutionCompletedEvent(-1, output, status, failure));
        AppendHistory(connection, instanceId, executionId, events, nowTicks);

        Sql.Execute(connection, "DELETE FROM NewEvents WHERE InstanceId = $id; DELETE FROM NewTasks WHERE InstanceId = $id;", ("$id", instanceId));
        Sql.Execute(
            connection,
            "UPDATE Instances SET RuntimeStatus = $status, Output = $output, FailureDetails = $failure, CompletedTicks = $now, " +
            "LastUpdatedTicks = $now, LockOwner = NULL, LockExpiresTicks = NULL, LockToken = $token, DispatchAttempts = 0 WHERE InstanceId = $id;",
            ("$status", status.ToString()),
            ("$output", output),
            ("$failure", failure is null ? null : EventSerializer.SerializeObject(failure)),
            ("$now", nowTicks),
            ("$token", Random.Shared.NextInt64(1, long.MaxValue)),
            ("$id", instanceId));

        if (start?.ParentInstance?.OrchestrationInstance is not { } parent)
        {
            return (Outcome.Ended, null);
        }

        // The parent's call fails as the dispatcher would report a failed or terminated child.
        var failed = new SubOrchestrationInstanceFailedEvent(-1, start.ParentInstance.TaskScheduleId, output, string.Empty, failure ?? new FailureDetails("OrchestrationTerminated", output, null, null, true));
        CheckpointPlan.InsertEvents(
            connection,
            [new EventRow(parent.InstanceId, parent.ExecutionId, failed.EventType.ToString(), nowTicks, 0, EventSerializer.Serialize(failed), null)],
            nowTicks);
        return (Outcome.Ended, parent.InstanceId);
    }

    private static ExecutionStartedEvent? RecordedStart(SqliteConnection connection, string instanceId) =>
        Sql.Scalar(connection, "SELECT Event FROM History WHERE InstanceId = $id AND EventType = 'ExecutionStarted' ORDER BY SequenceNumber LIMIT 1;", ("$id", instanceId)) is string json
            ? (ExecutionStartedEvent)EventSerializer.Deserialize(nameof(EventType.ExecutionStarted), json)
            : null;

    private static ExecutionStartedEvent? PendingStart(SqliteConnection connection, string instanceId) =>
        Sql.Scalar(connection, "SELECT Event FROM NewEvents WHERE InstanceId = $id AND EventType = 'ExecutionStarted' ORDER BY Id LIMIT 1;", ("$id", instanceId)) is string json
            ? (ExecutionStartedEvent)EventSerializer.Deserialize(nameof(EventType.ExecutionStarted), json)
            : null;

    private static void AppendHistory(SqliteConnection connection, string instanceId, string executionId, List<HistoryEvent> events, long nowTicks)
    {
        long next = (long)Sql.Scalar(connection, "SELECT COALESCE(MAX(SequenceNumber) + 1, 0) FROM History WHERE InstanceId = $id;", ("$id", instanceId))!;
        using SqliteCommand insert = Sql.Command(
            connection,
            "INSERT INTO History (InstanceId, SequenceNumber, ExecutionId, EventType, TimestampTicks, Event) VALUES ($id, $seq, $exec, $type, $ts, $event);");
        insert.Parameters.AddWithValue("$id", instanceId);
        insert.Parameters.AddWithValue("$exec", executionId);
        insert.Parameters.AddWithValue("$ts", nowTicks);
        SqliteParameter seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        SqliteParameter type = insert.Parameters.Add("$type", SqliteType.Text);
        SqliteParameter json = insert.Parameters.Add("$event", SqliteType.Text);
        foreach (HistoryEvent e in events)
        {
            e.Timestamp = SqliteTime.FromTicks(nowTicks);
            seq.Value = next++;
            type.Value = e.EventType.ToString();
            json.Value = EventSerializer.Serialize(e);
            insert.ExecuteNonQuery();
        }
    }
}
