using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Durable.History;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>
/// The dispatch-attempt counter behind poison-run quarantine, driven at the provider: a worker
/// that "dies" is a service that locked an instance and never checkpointed, released or
/// abandoned it (its short lock then expires); nothing is started, so nothing renews locks.
/// </summary>
public sealed class PoisonQuarantineTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TempStore store = new();
    private readonly List<SqliteOrchestrationService> services = [];

    [Fact]
    public async Task A_hand_out_counts_an_attempt_before_the_episode_runs_and_its_checkpoint_resets_the_count()
    {
        SqliteOrchestrationService worker = this.Worker(limit: 3);
        await worker.CreateTaskOrchestrationAsync(Episode.Creation("count-1"));

        TaskOrchestrationWorkItem item = await worker.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        Assert.Equal(1, this.Attempts("count-1"));

        await Episode.Begin(item).ScheduleActivity("Tool", "[1]").CommitAsync(worker);
        Assert.Equal(0, this.Attempts("count-1"));
    }

    [Fact]
    public async Task Releasing_or_abandoning_a_work_item_takes_its_attempt_back_since_the_worker_survived()
    {
        SqliteOrchestrationService worker = this.Worker(limit: 3);
        await worker.CreateTaskOrchestrationAsync(Episode.Creation("back-1"));

        TaskOrchestrationWorkItem abandoned = await worker.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        Assert.Equal(1, this.Attempts("back-1"));
        await worker.AbandonTaskOrchestrationWorkItemAsync(abandoned);
        Assert.Equal(0, this.Attempts("back-1"));

        TaskOrchestrationWorkItem released = await worker.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        Assert.Equal(1, this.Attempts("back-1"));
        await worker.ReleaseTaskOrchestrationWorkItemAsync(released);
        Assert.Equal(0, this.Attempts("back-1"));
    }

    [Fact]
    public async Task At_the_limit_the_instance_is_failed_in_the_store_never_handed_out_again_and_its_parent_call_fails()
    {
        SqliteOrchestrationService first = this.Worker(limit: 2);
        await first.CreateTaskOrchestrationAsync(Episode.Creation("parent-1"));
        TaskOrchestrationWorkItem parent = await first.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        await Episode.Begin(parent).StartChild("poison-1", "Child", "\"x\"").CommitAsync(first);

        // Two workers take the child's episode and die in it (never return).
        for (int death = 1; death <= 2; death++)
        {
            TaskOrchestrationWorkItem dying = await this.Worker(limit: 2).LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
            Assert.Equal("poison-1", dying.InstanceId);
            Assert.Equal(death, this.Attempts("poison-1"));
        }

        // The next hand-out fails the child in the store; what comes out is the parent, told of it.
        SqliteOrchestrationService survivor = this.Worker(limit: 2);
        TaskOrchestrationWorkItem next = await survivor.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);

        OrchestrationState child = await survivor.GetOrchestrationStateAsync("poison-1", executionId: null);
        Assert.Equal(OrchestrationStatus.Failed, child.OrchestrationStatus);
        Assert.Equal(PoisonQuarantine.ErrorType, child.FailureDetails?.ErrorType);
        Assert.Contains("crashed the worker 2 times", child.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE InstanceId = 'poison-1'"));
        IReadOnlyList<HistoryEvent> history = await survivor.GetHistoryEventsAsync("poison-1");
        Assert.Equal([EventType.ExecutionStarted, EventType.ExecutionCompleted], history.Select(e => e.EventType));
        Assert.Equal(OrchestrationStatus.Failed, ((ExecutionCompletedEvent)history[^1]).OrchestrationStatus);

        Assert.Equal("parent-1", next.InstanceId);
        SubOrchestrationInstanceFailedEvent told = Assert.IsType<SubOrchestrationInstanceFailedEvent>(Assert.Single(next.NewMessages).Event);
        Assert.Equal(PoisonQuarantine.ErrorType, told.FailureDetails?.ErrorType);
        await Episode.Begin(next).CommitAsync(survivor);
        Assert.Null(await this.Worker(limit: 2).LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None));
    }

    [Fact]
    public async Task Suspects_run_one_at_a_time_so_that_a_death_is_charged_to_one_suspect_only()
    {
        // Both instances are in flight when their worker dies: each is charged once.
        SqliteOrchestrationService dead = this.Worker(limit: 3);
        await dead.CreateTaskOrchestrationAsync(Episode.Creation("s-1"));
        await dead.CreateTaskOrchestrationAsync(Episode.Creation("s-2"));
        _ = await dead.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        _ = await dead.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        Assert.Equal(2, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM Instances WHERE DispatchAttempts = 1"));

        SqliteOrchestrationService next = this.Worker(limit: 3, lockTimeout: TimeSpan.FromMinutes(5));
        TaskOrchestrationWorkItem first = await next.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        string other = first.InstanceId == "s-1" ? "s-2" : "s-1";

        // While one suspect's episode runs, the other is not handed out (nor charged).
        Assert.Null(await next.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None));
        Assert.Equal(2, this.Attempts(first.InstanceId));
        Assert.Equal(1, this.Attempts(other));

        await Episode.Begin(first).ScheduleActivity("Tool", "[1]").CommitAsync(next);
        TaskOrchestrationWorkItem second = await next.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);

        Assert.Equal(other, second.InstanceId);
        Assert.Equal(0, this.Attempts(first.InstanceId));
        Assert.Equal(2, this.Attempts(other));
    }

    [Fact]
    public async Task A_forced_terminate_ends_a_pending_instance_in_the_store_with_no_worker()
    {
        SqliteOrchestrationService client = this.Worker(limit: 3);
        await client.CreateTaskOrchestrationAsync(Episode.Creation("term-1"));

        await client.ForceTerminateTaskOrchestrationAsync("term-1", "by hand");

        OrchestrationState state = await client.GetOrchestrationStateAsync("term-1", executionId: null);
        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
        Assert.Equal("by hand", state.Output);
        IReadOnlyList<HistoryEvent> history = await client.GetHistoryEventsAsync("term-1");
        Assert.Equal([EventType.ExecutionStarted, EventType.ExecutionTerminated, EventType.ExecutionCompleted], history.Select(e => e.EventType));
        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents"));
        PurgeResult purged = await client.PurgeInstanceStateAsync("term-1");
        Assert.Equal(1, purged.DeletedInstanceCount);
    }

    [Fact]
    public async Task A_forced_terminate_fences_out_a_worker_still_running_an_episode_of_the_instance()
    {
        SqliteOrchestrationService worker = this.Worker(limit: 3);
        await worker.CreateTaskOrchestrationAsync(Episode.Creation("term-2"));
        TaskOrchestrationWorkItem item = await worker.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);

        await this.Worker(limit: 3).ForceTerminateTaskOrchestrationAsync("term-2", "stop");

        await Assert.ThrowsAsync<SqliteLockLostException>(() => Episode.Begin(item).ScheduleActivity("Late", "[1]").CommitAsync(worker));
        Assert.Equal(OrchestrationStatus.Terminated, (await worker.GetOrchestrationStateAsync("term-2", executionId: null)).OrchestrationStatus);
        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewTasks"));
    }

    [Fact]
    public async Task A_version_1_file_is_migrated_forward_keeping_its_instances_which_then_count_dispatches()
    {
        SqliteOrchestrationService before = this.Worker(limit: 3);
        await before.CreateTaskOrchestrationAsync(Episode.Creation("old-1"));
        await before.DisposeAsync();
        StoreInspector.Execute(
            this.store.DatabasePath,
            "DROP TRIGGER TR_Instances_Conversation_Created; DROP TRIGGER TR_Instances_Conversation_Restarted; " +
            "DROP INDEX IX_Instances_Phase; DROP INDEX IX_Instances_Conversation; " +
            "ALTER TABLE Instances DROP COLUMN Phase; ALTER TABLE Instances DROP COLUMN ConversationId; " +
            "ALTER TABLE Instances DROP COLUMN DispatchAttempts; ALTER TABLE NewTasks DROP COLUMN ExecutionContext; " +
            "DELETE FROM SchemaVersions WHERE Version >= 2; PRAGMA user_version = 1;");

        SqliteOrchestrationService after = this.Worker(limit: 3);
        TaskOrchestrationWorkItem item = await after.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);

        Assert.Equal("old-1", item.InstanceId);
        Assert.Equal(1, this.Attempts("old-1"));
        Assert.Equal(4, StoreInspector.Count(this.store.DatabasePath, "PRAGMA user_version"));
    }

    public void Dispose()
    {
        foreach (SqliteOrchestrationService service in this.services)
        {
            service.Dispose();
        }

        this.store.Dispose();
    }

    /// <summary>A worker whose locks expire quickly: a "dead" worker's instance is free again soon.</summary>
    private SqliteOrchestrationService Worker(int limit, TimeSpan? lockTimeout = null)
    {
        SqliteOrchestrationService service = this.store.Service(s =>
        {
            s.LockTimeout = lockTimeout ?? TimeSpan.FromMilliseconds(300);
            s.PoisonEpisodeLimit = limit;
        });
        this.services.Add(service);
        return service;
    }

    private long Attempts(string instanceId) =>
        StoreInspector.Count(this.store.DatabasePath, $"SELECT DispatchAttempts FROM Instances WHERE InstanceId = '{instanceId}'");
}
