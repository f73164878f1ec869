using DurableTask.Core;
using DurableTask.Core.Exceptions;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>Creation with dedupe statuses, idle timers, late messages and retention.</summary>
public sealed class InstanceLifecycleTests : IDisposable
{
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task Creating_an_id_that_exists_in_a_dedupe_status_is_refused_and_otherwise_recreates_it()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance first = await host.StartAsync<SequenceOrchestration>("dedupe-1", 1);
        await host.WaitAsync(first);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.CreateOrchestrationInstanceAsync(
            typeof(SequenceOrchestration), "dedupe-1", 2, [OrchestrationStatus.Completed, OrchestrationStatus.Running, OrchestrationStatus.Pending]));
        Assert.Equal("1", (await host.Client.GetOrchestrationStateAsync("dedupe-1"))!.Output);

        OrchestrationInstance second = await host.Client.CreateOrchestrationInstanceAsync(typeof(SequenceOrchestration), "dedupe-1", 2, [OrchestrationStatus.Running]);
        OrchestrationState state = await host.WaitAsync(second);

        Assert.NotEqual(first.ExecutionId, second.ExecutionId);
        Assert.Equal(second.ExecutionId, state.OrchestrationInstance.ExecutionId);
        Assert.Equal("3", state.Output);
    }

    [Fact]
    public async Task A_timer_days_away_leaves_the_instance_waiting_with_one_stored_message_and_no_work()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(s => s.ExtendedSessionIdleTimeout = TimeSpan.FromMilliseconds(200)));
        OrchestrationInstance instance = await host.StartAsync<TimerOrchestration>("far-timer", (int)TimeSpan.FromDays(3).TotalMilliseconds);
        await OrchestrationExecutionTests.WaitForStatusAsync(host, "far-timer", OrchestrationStatus.Running);
        await WaitUntilAsync(() => StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE EventType = 'ExecutionStarted'") == 0);

        // Once the idle extended session has ended, the instance is unlocked and nothing is written.
        await WaitUntilAsync(() => StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM Instances WHERE InstanceId = 'far-timer' AND LockOwner IS NULL") == 1);
        string before = StoreInspector.Dump(this.store.DatabasePath);

        await Task.Delay(500);

        Assert.Equal(before, StoreInspector.Dump(this.store.DatabasePath));
        long fireTicks = StoreInspector.Count(this.store.DatabasePath, "SELECT VisibleTicks FROM NewEvents WHERE EventType = 'TimerFired'");
        Assert.True(new DateTime(fireTicks, DateTimeKind.Utc) > DateTime.UtcNow.AddDays(2.9));
        Assert.Equal(OrchestrationStatus.Running, (await host.Client.GetOrchestrationStateAsync(instance)).OrchestrationStatus);
    }

    [Fact]
    public async Task Messages_to_a_finished_instance_are_discarded_and_leave_it_unchanged()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<SequenceOrchestration>("late-1", 1);
        await host.WaitAsync(instance);

        await host.Client.RaiseEventAsync(instance, "approve", "too late");
        await WaitUntilAsync(() => StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents") == 0);

        OrchestrationState state = await host.Client.GetOrchestrationStateAsync(instance);
        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("1", state.Output);
    }

    [Fact]
    public async Task Retention_purges_finished_instances_older_than_the_setting()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(s =>
        {
            s.CompletedInstanceRetention = TimeSpan.FromMilliseconds(1);
            s.RetentionPurgeInterval = TimeSpan.FromSeconds(1);
        }));
        OrchestrationInstance done = await host.StartAsync<SequenceOrchestration>("retained-1", 1);
        await host.WaitAsync(done);
        OrchestrationInstance waiting = await host.StartAsync<WaitForEventOrchestration>("retained-2", "x");

        await WaitUntilAsync(() => StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM Instances WHERE InstanceId = 'retained-1'") == 0);

        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM History WHERE InstanceId = 'retained-1'"));
        Assert.NotNull(await host.Client.GetOrchestrationStateAsync(waiting));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + DtfxHost.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition never became true.");
            await Task.Delay(20);
        }
    }
}
