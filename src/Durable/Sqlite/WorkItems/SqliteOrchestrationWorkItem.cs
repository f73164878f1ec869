using DurableTask.Core;

namespace ScriptHarness.Durable.Sqlite.WorkItems;

/// <summary>An orchestration work item with the lock's fencing token and the messages it consumes.</summary>
internal sealed class SqliteOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    /// <summary>The random token written into the instance row when this lock was taken.</summary>
    public long LockToken { get; init; }

    /// <summary>Ids of the NewEvents rows delivered in <see cref="TaskOrchestrationWorkItem.NewMessages"/>; deleted by the checkpoint.</summary>
    public List<long> MessageIds { get; set; } = [];

    /// <summary>False once the lock is released (or found taken over), so release runs once.</summary>
    public bool LockHeld { get; set; } = true;
}
