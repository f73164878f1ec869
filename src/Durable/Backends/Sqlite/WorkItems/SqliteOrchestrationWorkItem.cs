using DurableTask.Core;

namespace ScriptHarness.Durable.Backends.Sqlite.WorkItems;

/// <summary>An orchestration work item with the lock's fencing token and the messages it consumes.</summary>
internal sealed class SqliteOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    /// <summary>
    /// The framework sees a lock that never expires, so it starts no renewal task of its own per
    /// episode (a task, a timer and a cancellation each, and a lock write every 5 s): the store's
    /// heartbeat renews every lock this process holds. The real expiry is <see cref="LockExpiresUtc"/>.
    /// </summary>
    public SqliteOrchestrationWorkItem() => this.LockedUntilUtc = DateTime.MaxValue;

    /// <summary>When the lock in the store expires unless the heartbeat renews it.</summary>
    public DateTime LockExpiresUtc { get; set; }

    /// <summary>The random token written into the instance row when this lock was taken.</summary>
    public long LockToken { get; init; }

    /// <summary>Ids of the NewEvents rows delivered in <see cref="TaskOrchestrationWorkItem.NewMessages"/>; deleted by the checkpoint.</summary>
    public List<long> MessageIds { get; set; } = [];

    /// <summary>
    /// True while the instance row's <c>DispatchAttempts</c> counts an episode of this work item
    /// that has not ended (set at hand-out, and by a checkpoint that keeps the lock for the
    /// session's next episode): releasing or abandoning the lock then takes that attempt back,
    /// since the worker survived it.
    /// </summary>
    public bool DispatchCounted { get; set; }

    /// <summary>
    /// The instance's <c>DispatchAttempts</c> when this lock was taken: above zero, an episode of
    /// it was in flight when a worker died, so it is a suspect and runs alone among suspects.
    /// </summary>
    public long AttemptsWhenLocked { get; init; }

    /// <summary>True while this work item holds its service's suspect gate (see <c>SqliteOrchestrationService.Poison.cs</c>).</summary>
    public bool HoldsSuspectGate { get; set; }

    /// <summary>False once the lock is released (or found taken over), so release runs once.</summary>
    public bool LockHeld { get; set; } = true;
}
