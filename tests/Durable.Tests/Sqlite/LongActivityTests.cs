using DurableTask.Core;
using ScriptHarness.Durable.Sqlite;
using ScriptHarness.Tests.Durable.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Sqlite;

/// <summary>Locks held by a live worker are renewed, so work longer than the lock time is never taken over.</summary>
public sealed class LongActivityTests : IDisposable
{
    readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task An_activity_running_longer_than_the_lock_time_runs_once_with_a_second_worker_waiting()
    {
        static void ShortLocks(SqliteOrchestrationServiceSettings s) => s.LockTimeout = TimeSpan.FromMilliseconds(400);
        await using DtfxHost first = await DtfxHost.StartAsync(this.store.Service(ShortLocks));
        await using DtfxHost second = await DtfxHost.StartAsync(this.store.Service(ShortLocks));

        OrchestrationInstance instance = await first.StartAsync<SlowOrchestration>("slow-1", 2500);
        OrchestrationState state = await first.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"slept 2500\"", state.Output);
        Assert.Equal(1, ExecutionCounter.Get("slow-1:slow"));
    }
}
