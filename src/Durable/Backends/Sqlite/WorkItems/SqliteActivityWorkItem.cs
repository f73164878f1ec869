using DurableTask.Core;

namespace ScriptHarness.Durable.Backends.Sqlite.WorkItems;

/// <summary>An activity work item with its NewTasks row id and the lock's fencing token.</summary>
internal sealed class SqliteActivityWorkItem : TaskActivityWorkItem
{
    /// <summary>
    /// The framework sees a lock that never expires, so it starts no renewal task of its own per
    /// activity (a task, a 5 s timer and a cancellation each): the store's heartbeat renews every
    /// lock this process holds. The real expiry is <see cref="LockExpiresUtc"/>.
    /// </summary>
    public SqliteActivityWorkItem() => this.LockedUntilUtc = DateTime.MaxValue;

    /// <summary>When the lock in the store expires unless the heartbeat renews it.</summary>
    public DateTime LockExpiresUtc { get; set; }

    public long RowId { get; init; }

    public long LockToken { get; init; }

    public int DequeueCount { get; init; }

    /// <summary>When this worker locked it: renewals stop once it has been held for the maximum lock lifetime.</summary>
    public DateTime LockedAtUtc { get; init; }

    /// <summary>Set once the heartbeat stopped renewing it for having been held too long.</summary>
    public bool Expiring { get; set; }

    /// <summary>
    /// The task as the checkpoint that leased it wrote it, until the work item is handed out
    /// (its <see cref="TaskActivityWorkItem.TaskMessage"/> is read from it then, off the writer thread).
    /// </summary>
    public Storage.TaskRow? Unread { get; set; }

    /// <summary>The orchestration instance the task belongs to, whether or not its message was read yet.</summary>
    public string InstanceId => this.TaskMessage?.OrchestrationInstance?.InstanceId ?? this.Unread?.InstanceId ?? string.Empty;
}
