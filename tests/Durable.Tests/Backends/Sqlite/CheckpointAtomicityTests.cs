using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>
/// Fault injection inside the provider: a checkpoint that fails at any step (after the history,
/// the activity messages, the timers, the messages to other instances, the consumed messages,
/// the instance row, or at COMMIT) leaves nothing of itself visible, and succeeds when retried.
/// </summary>
public sealed class CheckpointAtomicityTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TempStore store = new();

    public static TheoryData<string> CheckpointSteps() => [.. ScriptHarness.Durable.Backends.Sqlite.Storage.StoreFaults.CheckpointSteps];

    public void Dispose() => this.store.Dispose();

    [Theory]
    [MemberData(nameof(CheckpointSteps))]
    public async Task A_checkpoint_failing_at_a_step_leaves_nothing_partial_and_succeeds_when_retried(string step)
    {
        await using SqliteOrchestrationService service = this.store.Service();
        await service.CreateTaskOrchestrationAsync(Episode.Creation("other"));
        await service.CreateTaskOrchestrationAsync(Episode.Creation("main"));
        TaskOrchestrationWorkItem workItem = await LockAsync(service, "main");
        Episode episode = Episode.Begin(workItem)
            .ScheduleActivity("Tool", "[1]")
            .CreateTimer(DateTime.UtcNow.AddDays(2))
            .SendEvent("other", "note", "\"hi\"")
            .StartChild("main-child", "Child", "\"c\"");
        episode.CustomStatus = "\"running\"";
        string before = StoreInspector.Dump(this.store.DatabasePath);

        service.Faults.Inject = s =>
        {
            if (s == step)
            {
                throw new IOException($"injected failure at {step}");
            }
        };
        await Assert.ThrowsAnyAsync<Exception>(() => episode.CommitAsync(service));

        Assert.Equal(before, StoreInspector.Dump(this.store.DatabasePath));

        service.Faults.Inject = null;
        await episode.CommitAsync(service);

        string after = StoreInspector.Dump(this.store.DatabasePath);
        Assert.NotEqual(before, after);
        IReadOnlyList<HistoryEvent> history = await service.GetHistoryEventsAsync("main");
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Single(history.OfType<TimerCreatedEvent>());
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewTasks WHERE InstanceId = 'main'"));
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE InstanceId = 'main' AND EventType = 'TimerFired'"));
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE InstanceId = 'other' AND EventType = 'EventRaised'"));
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM Instances WHERE InstanceId = 'main-child'"));
        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE InstanceId = 'main' AND EventType = 'ExecutionStarted'"));
        Assert.Equal("\"running\"", (await service.GetOrchestrationStateAsync("main", executionId: null)).Status);
    }

    [Theory]
    [InlineData(ScriptHarness.Durable.Backends.Sqlite.Storage.StoreFaults.CheckpointHistoryStep)]
    [InlineData(ScriptHarness.Durable.Backends.Sqlite.Storage.StoreFaults.CheckpointInstanceStep)]
    [InlineData(ScriptHarness.Durable.Backends.Sqlite.Storage.StoreFaults.CommitStep)]
    [InlineData(ScriptHarness.Durable.Backends.Sqlite.Storage.StoreFaults.ActivityCompletionStep)]
    public async Task A_worker_recovers_from_a_failed_commit_and_every_activity_still_runs_once(string step)
    {
        SqliteOrchestrationService service = this.store.Service();
        await using DtfxHost host = await DtfxHost.StartAsync(service);
        string id = $"recover-{step.Replace(':', '-')}";

        // Armed before the start, for the running orchestration only: its first checkpoint or
        // activity completion opens the window, so the start's own COMMIT is spared, and the next
        // writes fail twice at the step. (Arming after the start raced a fast worker, which could
        // finish all three activities first.)
        int failures = 0;
        bool running = false;
        service.Faults.Inject = s =>
        {
            if (s.StartsWith("checkpoint:", StringComparison.Ordinal) || s == ScriptHarness.Durable.Backends.Sqlite.Storage.StoreFaults.ActivityCompletionStep)
            {
                Volatile.Write(ref running, true);
            }

            if (s == step && Volatile.Read(ref running) && Interlocked.Increment(ref failures) <= 2)
            {
                throw new IOException($"injected failure at {step}");
            }
        };
        OrchestrationInstance instance = await host.StartAsync<SequenceOrchestration>(id, 3);
        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("6", state.Output);
        Assert.True(failures >= 2, $"The fault at {step} was never hit.");
        for (int i = 0; i < 3; i++)
        {
            // A failed activity completion (the COMMIT fault can hit one too) is not recorded, so
            // that activity may run again; a failed checkpoint never re-runs a completed activity.
            bool completionsCanFail = step is ScriptHarness.Durable.Backends.Sqlite.Storage.StoreFaults.ActivityCompletionStep or ScriptHarness.Durable.Backends.Sqlite.Storage.StoreFaults.CommitStep;
            int expected = completionsCanFail ? -1 : 1;
            int runs = ExecutionCounter.Get($"{id}:add:{i}");
            Assert.True(expected == -1 ? runs >= 1 : runs == 1, $"activity {i} ran {runs} times");
        }
    }

    [Fact]
    public async Task Starting_a_sub_orchestration_whose_id_is_live_fails_the_parents_call_and_leaves_the_child_alone()
    {
        await using SqliteOrchestrationService service = this.store.Service();
        await service.CreateTaskOrchestrationAsync(Episode.Creation("busy-child", input: "\"original\""));
        await service.CreateTaskOrchestrationAsync(Episode.Creation("parent"));
        TaskOrchestrationWorkItem workItem = await LockAsync(service, "parent");

        await Episode.Begin(workItem).StartChild("busy-child", "Child", "\"second\"").CommitAsync(service);

        Assert.Equal("\"original\"", (await service.GetOrchestrationStateAsync("busy-child", executionId: null)).Input);
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE InstanceId = 'busy-child'"));
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE InstanceId = 'parent' AND EventType = 'SubOrchestrationInstanceFailed' AND Event LIKE '%already exists%'"));
    }

    private static async Task<TaskOrchestrationWorkItem> LockAsync(SqliteOrchestrationService service, string instanceId)
    {
        while (true)
        {
            TaskOrchestrationWorkItem item = await service.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
            Assert.NotNull(item);
            if (item.InstanceId == instanceId)
            {
                return item;
            }
        }
    }
}
