using DurableTask.Core;

namespace ScriptHarness.Durable.Backends.Sqlite.WorkItems;

/// <summary>An activity work item with its NewTasks row id and the lock's fencing token.</summary>
internal sealed class SqliteActivityWorkItem : TaskActivityWorkItem
{
    public long RowId { get; init; }

    public long LockToken { get; init; }

    public int DequeueCount { get; init; }

    /// <summary>When this worker locked it: renewals stop once it has been held for the maximum lock lifetime.</summary>
    public DateTime LockedAtUtc { get; init; }

    /// <summary>Set once the heartbeat stopped renewing it for having been held too long.</summary>
    public bool Expiring { get; set; }
}
