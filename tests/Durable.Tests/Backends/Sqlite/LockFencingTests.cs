using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Durable.Backends.Sqlite.WorkItems;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>
/// Work-item locks expire, are taken over, and a worker that lost its lock can never apply a
/// checkpoint or an activity result (fencing). Two service instances with separate connections
/// on one file stand for two workers; neither is started, so nothing renews their locks.
/// </summary>
public sealed class LockFencingTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TempStore store = new();
    private SqliteOrchestrationService first = null!;
    private SqliteOrchestrationService second = null!;

    public async Task InitializeAsync()
    {
        this.first = this.store.Service(s => s.LockTimeout = TimeSpan.FromMilliseconds(300));
        this.second = this.store.Service(s => s.LockTimeout = TimeSpan.FromMilliseconds(300));
        await this.first.CreateIfNotExistsAsync();
        await this.second.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await this.first.DisposeAsync();
        await this.second.DisposeAsync();
        this.store.Dispose();
    }

    [Fact]
    public async Task A_locked_instance_is_not_handed_to_a_second_worker_before_its_lock_expires()
    {
        var longLocks = this.store.Service(s => s.LockTimeout = TimeSpan.FromMinutes(5));
        await using (longLocks)
        {
            await longLocks.CreateTaskOrchestrationAsync(Episode.Creation("held-1"));
            TaskOrchestrationWorkItem held = await longLocks.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
            Assert.NotNull(held);

            TaskOrchestrationWorkItem other = await this.second.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);

            Assert.Null(other);
        }
    }

    [Fact]
    public async Task A_checkpoint_from_a_worker_whose_lock_was_taken_over_is_refused_and_nothing_of_it_is_applied()
    {
        await this.first.CreateTaskOrchestrationAsync(Episode.Creation("fence-1"));
        TaskOrchestrationWorkItem stale = await this.first.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        TaskOrchestrationWorkItem current = await this.second.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        Assert.Equal("fence-1", current.InstanceId);

        Episode staleEpisode = Episode.Begin(stale).ScheduleActivity("FromStaleWorker", "[1]");
        await Assert.ThrowsAsync<SqliteLockLostException>(() => staleEpisode.CommitAsync(this.first));
        await Episode.Begin(current).ScheduleActivity("FromCurrentWorker", "[2]").CommitAsync(this.second);

        IReadOnlyList<HistoryEvent> history = await this.second.GetHistoryEventsAsync("fence-1");
        Assert.Equal(["FromCurrentWorker"], history.OfType<TaskScheduledEvent>().Select(e => e.Name));
        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewTasks"));
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewTasks WHERE Name = 'FromCurrentWorker'"));
        await Assert.ThrowsAsync<SqliteLockLostException>(() => this.first.RenewTaskOrchestrationWorkItemLockAsync(stale));
    }

    [Fact]
    public async Task An_activity_result_from_a_worker_whose_lock_was_taken_over_is_refused_and_recorded_once()
    {
        await this.first.CreateTaskOrchestrationAsync(Episode.Creation("fence-2"));
        TaskOrchestrationWorkItem orchestration = await this.first.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        await Episode.Begin(orchestration).ScheduleActivity("Tool", "[7]").CommitAsync(this.first);

        TaskActivityWorkItem stale = await this.first.LockNextTaskActivityWorkItem(Wait, CancellationToken.None);
        TaskActivityWorkItem current = await this.second.LockNextTaskActivityWorkItem(Wait, CancellationToken.None);
        Assert.Equal(stale.Id, current.Id);

        await Assert.ThrowsAsync<SqliteLockLostException>(() => this.first.RenewTaskActivityWorkItemLockAsync(stale));
        await Assert.ThrowsAsync<SqliteLockLostException>(() =>
            this.first.CompleteTaskActivityWorkItemAsync(stale, Response(stale, "\"from stale\"")));
        await this.second.CompleteTaskActivityWorkItemAsync(current, Response(current, "\"from current\""));

        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewTasks"));
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE EventType = 'TaskCompleted'"));
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE Event LIKE '%from current%'"));
    }

    [Fact]
    public async Task A_worker_that_keeps_renewing_keeps_its_activity()
    {
        // Locks of 2 s renewed every few hundred milliseconds: a loaded machine never stalls that long.
        await using SqliteOrchestrationService holder = this.store.Service(s => s.LockTimeout = TimeSpan.FromSeconds(2));
        await using SqliteOrchestrationService other = this.store.Service(s => s.LockTimeout = TimeSpan.FromSeconds(2));
        await holder.CreateTaskOrchestrationAsync(Episode.Creation("renew-1"));
        TaskOrchestrationWorkItem orchestration = await holder.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        await Episode.Begin(orchestration).ScheduleActivity("Tool", "[1]").CommitAsync(holder);
        TaskActivityWorkItem held = await holder.LockNextTaskActivityWorkItem(Wait, CancellationToken.None);
        DateTime firstExpiry = ((SqliteActivityWorkItem)held).LockExpiresUtc;

        // Renew across more than one whole lock time while the other worker keeps asking.
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (elapsed.Elapsed < TimeSpan.FromSeconds(2.5))
        {
            held = await holder.RenewTaskActivityWorkItemLockAsync(held);
            Assert.Null(await other.LockNextTaskActivityWorkItem(TimeSpan.FromMilliseconds(200), CancellationToken.None));
        }

        Assert.True(((SqliteActivityWorkItem)held).LockExpiresUtc > firstExpiry);
        Assert.True(DateTime.UtcNow > firstExpiry, "The test must outlast the first lock time.");
        await holder.CompleteTaskActivityWorkItemAsync(held, Response(held, "1"));
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE EventType = 'TaskCompleted'"));
    }

    [Fact]
    public async Task A_late_renewal_of_a_released_lock_does_not_lock_the_instance_again()
    {
        await this.first.CreateTaskOrchestrationAsync(Episode.Creation("released-1"));
        TaskOrchestrationWorkItem item = await this.first.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        await Episode.Begin(item).ScheduleActivity("Tool", "[1]").CommitAsync(this.first);

        await Assert.ThrowsAsync<SqliteLockLostException>(() => this.first.RenewTaskOrchestrationWorkItemLockAsync(item));

        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM Instances WHERE InstanceId = 'released-1' AND LockExpiresTicks IS NULL AND LockOwner IS NULL"));
    }

    [Fact]
    public async Task A_worker_restarted_with_the_same_id_frees_its_predecessors_locks_at_once()
    {
        SqliteOrchestrationService dead = this.store.Service(s => { s.WorkerId = "worker-7"; s.LockTimeout = TimeSpan.FromMinutes(10); });
        await dead.CreateTaskOrchestrationAsync(Episode.Creation("restart-1"));
        TaskOrchestrationWorkItem stale = await dead.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        await dead.DisposeAsync();

        await using SqliteOrchestrationService restarted = this.store.Service(s => { s.WorkerId = "worker-7"; s.LockTimeout = TimeSpan.FromMinutes(10); });
        await restarted.StartAsync();
        TaskOrchestrationWorkItem again = await restarted.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);

        Assert.Equal("restart-1", again.InstanceId);
        Assert.NotNull(stale);
        await restarted.StopAsync();
    }

    private static TaskMessage Response(TaskActivityWorkItem item, string result) => new()
    {
        OrchestrationInstance = item.TaskMessage.OrchestrationInstance,
        Event = new TaskCompletedEvent(-1, item.TaskMessage.Event.EventId, result),
    };
}
