using DurableTask.Core;

namespace ScriptHarness.Durable.Backends.Sqlite.WorkItems;

/// <summary>An activity work item with its NewTasks row id and the lock's fencing token.</summary>
internal sealed class SqliteActivityWorkItem : TaskActivityWorkItem
{
    public long RowId { get; init; }

    public long LockToken { get; init; }

    public int DequeueCount { get; init; }
}
