using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>
/// A worker that stops renewing in the middle of an activity (as a crashed or frozen process
/// does) loses its work to another worker on the same file after the lock time: the instance
/// completes there, completed activities never run again, the in-flight one may run again, and
/// exactly one result of each activity is recorded.
/// </summary>
public sealed class WorkerTakeOverTests : IDisposable
{
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task A_second_worker_takes_over_after_the_first_stops_mid_activity_and_completed_work_never_runs_twice()
    {
        static void ShortLocks(SqliteOrchestrationServiceSettings s) => s.LockTimeout = TimeSpan.FromSeconds(1);
        SqliteOrchestrationService firstService = this.store.Service(ShortLocks);
        await using DtfxHost first = await DtfxHost.StartAsync(firstService);
        OrchestrationInstance instance = await first.StartAsync<CrashOrchestration>("takeover-1", 3000);
        await WaitUntilAsync(() => ExecutionCounter.Get("takeover-1:slow") == 1);

        // The first worker "dies": its heartbeat stops and its dispatchers stop fetching; the slow
        // activity it already started keeps running and will try to report late.
        firstService.SuspendLockRenewal();
        await first.Worker!.StopAsync(isForced: true);
        await using DtfxHost second = await DtfxHost.StartAsync(this.store.Service(ShortLocks));
        OrchestrationState state = await second.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("10", state.Output);
        Assert.Equal(1, ExecutionCounter.Get("takeover-1:add:0"));
        Assert.Equal(1, ExecutionCounter.Get("takeover-1:add:1"));
        // The in-flight activity runs again on the second worker unless the first one's late
        // result arrived before anyone took the expired lock (both are correct); it is recorded once.
        Assert.InRange(ExecutionCounter.Get("takeover-1:slow"), 1, 2);
        Assert.Equal(1, ExecutionCounter.Get("takeover-1:add:2"));
        Assert.Equal(1, ExecutionCounter.Get("takeover-1:add:3"));
        IReadOnlyList<HistoryEvent> history = await second.Service.GetHistoryEventsAsync("takeover-1");
        Assert.Equal(5, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(5, history.OfType<TaskCompletedEvent>().Select(e => e.TaskScheduledId).Distinct().Count());
        Assert.Equal(5, history.OfType<TaskCompletedEvent>().Count());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        DateTime deadline = DateTime.UtcNow + DtfxHost.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition never became true.");
            await Task.Delay(10);
        }
    }
}
