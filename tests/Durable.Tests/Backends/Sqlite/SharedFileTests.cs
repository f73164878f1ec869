using DurableTask.Core;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>Several workers (separate service instances, separate connections) share one file safely.</summary>
public sealed class SharedFileTests : IDisposable
{
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task Two_workers_on_one_file_complete_every_instance_with_each_activity_once()
    {
        await using DtfxHost first = await DtfxHost.StartAsync(this.store.Service());
        await using DtfxHost second = await DtfxHost.StartAsync(this.store.Service());

        OrchestrationInstance[] instances = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? first : second).StartAsync<SequenceOrchestration>($"shared-{i}", 5)));
        OrchestrationState[] states = await Task.WhenAll(instances.Select(first.WaitAsync));

        Assert.All(states, s => Assert.Equal(OrchestrationStatus.Completed, s.OrchestrationStatus));
        Assert.All(states, s => Assert.Equal("15", s.Output));
        IReadOnlyDictionary<string, int> counts = ExecutionCounter.WithPrefix("shared-");
        Assert.Equal(100, counts.Count);
        Assert.All(counts, kv => Assert.Equal(1, kv.Value));
    }
}
