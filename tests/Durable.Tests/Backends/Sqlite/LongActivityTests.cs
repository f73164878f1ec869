using DurableTask.Core;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>Locks held by a live worker are renewed, so work longer than the lock time is never taken over.</summary>
public sealed class LongActivityTests : IDisposable
{
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task An_activity_running_longer_than_the_lock_time_runs_once_with_a_second_worker_waiting()
    {
        // Short locks, renewed every third of their time; generous enough that a loaded 2-core
        // machine does not stall the heartbeat for a whole lock time.
        static void ShortLocks(SqliteOrchestrationServiceSettings s) => s.LockTimeout = TimeSpan.FromMilliseconds(1500);
        await using DtfxHost first = await DtfxHost.StartAsync(this.store.Service(ShortLocks));
        await using DtfxHost second = await DtfxHost.StartAsync(this.store.Service(ShortLocks));

        OrchestrationInstance instance = await first.StartAsync<SlowOrchestration>("slow-1", 4000);
        OrchestrationState state = await first.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"slept 4000\"", state.Output);
        Assert.Equal(1, ExecutionCounter.Get("slow-1:slow"));
    }
}
