namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>A history event ready to insert.</summary>
internal sealed record HistoryRow(long SequenceNumber, string ExecutionId, string EventType, long TimestampTicks, string Json);

/// <summary>A message to an orchestration (NewEvents row) ready to insert; <see cref="Start"/> is set for start messages.</summary>
internal sealed record EventRow(
    string InstanceId,
    string? ExecutionId,
    string EventType,
    long VisibleTicks,
    long SequenceNumber,
    string Json,
    DurableTask.Core.History.ExecutionStartedEvent? Start);

/// <summary>An activity invocation (NewTasks row) ready to insert; <see cref="ExecutionContext"/> is the JSON of the message's orchestration execution context.</summary>
internal sealed record TaskRow(string InstanceId, string? ExecutionId, int TaskEventId, string? Name, long SequenceNumber, string Json, string? ExecutionContext = null);

/// <summary>The instance row's new values after a checkpoint.</summary>
internal sealed record InstanceUpdate(
    string ExecutionId,
    string Name,
    string? Version,
    string RuntimeStatus,
    long? CompletedTicks,
    string? Input,
    string? Output,
    string? CustomStatus,
    string? FailureDetails,
    string? Tags,
    bool IsTerminal);

/// <summary>The lock a checkpoint gives to the first <see cref="Count"/> activity tasks it inserts (see <see cref="CheckpointPlan.TaskLease"/>).</summary>
internal sealed record TaskLease(string Owner, long Token, long ExpiresTicks, int Count);
