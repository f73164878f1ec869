using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Tests.Durable.Crash;
using ScriptHarness.Tests.Durable.TestWorker;
using Xunit.Abstractions;

namespace ScriptHarness.Tests.Durable.ScaleOut;

/// <summary>
/// Three worker processes share one store; the busiest is killed mid-run; the other two take
/// over its partitions and in-flight work and every orchestration completes. Activities run
/// again only where the killed process had them in flight.
/// </summary>
public abstract class WorkerScaleOutTests : IAsyncLifetime
{
    private const int Instances = 200;
    private const int StepsPerInstance = 10;
    private const int Total = Instances * StepsPerInstance;
    // A bound on a hang, not a speed check: on Azurite at load 30 (two cores shared with other
    // test assemblies) 1,430 of the 2,000 activities were done after 4 minutes, all still moving.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Long enough that three busy workers on two cores never lose prefetched messages to each
    /// other (at 10 s they did, and the retries snowballed); the survivors wait this long, plus
    /// the partition lease, for the killed worker's share.
    /// </summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private readonly IWorkerBackend backend;
    private readonly ITestOutputHelper output;
    private readonly string folder = Directory.CreateTempSubdirectory("scriptharness-scale-").FullName;
    private readonly List<TestWorkerProcess> workers = [];

    /// <summary>Runs the scale-out test on <paramref name="backend"/>.</summary>
    protected WorkerScaleOutTests(IWorkerBackend backend, ITestOutputHelper output)
    {
        this.backend = backend;
        this.output = output;
    }

    private string EffectsFolder => Path.Combine(folder, "effects");

    [Fact]
    public async Task Three_workers_complete_200_orchestrations_of_10_activities_when_one_is_killed_mid_run()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        WorkerStore store = backend.NewStore("scale", partitions: 3, LockTimeout).With([.. backend.ScaleOutSettings.Select(kv => (kv.Key, kv.Value))]);
        await using StoreClient client = StoreClient.Create(store);
        // The fsync per effect line is not what this test is about; on a shared disk it dominates.
        var workerSettings = new Dictionary<string, string> { ["fsync"] = "false", ["recordCheckpoints"] = "true" };
        TestWorkerProcess[] started = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => TestWorkerProcess.StartAsync(store, EffectsFolder, workerSettings)));
        workers.AddRange(started);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: 3 workers ready");

        string[] ids = Enumerable.Range(0, Instances).Select(i => $"scale-{i:D3}-{Guid.NewGuid():N}").ToArray();
        foreach (string[] chunk in ids.Chunk(20))
        {
            await Task.WhenAll(chunk.Select(id => client.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(StepsOrchestrator), new StepsInput(StepsPerInstance), new StartOrchestrationOptions(id))));
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {Instances} orchestrations scheduled");
        await Eventually.HoldsAsync(() => EffectLines.Read(EffectsFolder).TotalDones >= Total / 4, Patience, () => $"fewer than {Total / 4} activities done. Logs:\n{Logs()}");
        EffectLines beforeKill = EffectLines.Read(EffectsFolder);
        TestWorkerProcess victim = started.OrderByDescending(w => DoneBy(beforeKill, ids, w.Id)).First();
        await victim.KillAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed worker {victim.Id} after {beforeKill.TotalDones} activities");

        await Eventually.HoldsAsync(() => EffectLines.Read(EffectsFolder).DistinctDones >= Total, Patience, () => $"{EffectLines.Read(EffectsFolder).DistinctDones} of {Total} activities done. Logs:\n{Logs()}");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all {Total} activities done");
        foreach (string[] chunk in ids.Chunk(20))
        {
            OrchestrationMetadata[] finished = await Task.WhenAll(chunk.Select(id => client.WaitUntilAsync(id, m => m.IsCompleted, Patience)));
            Assert.All(finished, m => Assert.Equal(OrchestrationRuntimeStatus.Completed, m.RuntimeStatus));
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all {Instances} orchestrations completed");
        EffectLines effects = EffectLines.Read(EffectsFolder);
        string[] keys = ids.SelectMany(id => Enumerable.Range(0, StepsPerInstance).Select(step => EffectActivity.KeyOf(id, step))).ToArray();
        Assert.All(keys, key => Assert.True(effects.Dones(key) >= 1, $"{key} never completed"));
        Assert.True(DoneBy(beforeKill, ids, victim.Id) > 0, "the killed worker had done no work: the test killed an idle process");
        Assert.All(started.Where(w => w != victim), w => Assert.True(w.HasExited == false, $"survivor {w.Id} died:\n{w.Log}"));
        IReadOnlySet<string> victimCheckpoints = effects.CheckpointedBy(victim.Id);
        foreach (string key in effects.KeysDoneMoreThanOnce)
        {
            // At-least-once delivery: only work the killed process held may run again, i.e. the
            // activity itself, or an orchestration episode whose messages it may have sent
            // without finishing the checkpoint (a survivor then replays it and schedules again).
            string instanceId = key[..key.LastIndexOf('/')];
            Assert.True(
                effects.StartPids(key).Contains(victim.Id) || victimCheckpoints.Contains(instanceId),
                $"{key} ran {effects.Dones(key)} times, and the killed worker {victim.Id} held neither it nor its orchestration");
        }
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (TestWorkerProcess worker in workers)
        {
            await worker.DisposeAsync();
        }

        Directory.Delete(folder, recursive: true);
    }

    private string Logs() => string.Join("\n---\n", workers.Select(w => $"worker {w.Id}:\n{w.Log}"));

    private static int DoneBy(EffectLines effects, string[] ids, int pid) =>
        ids.Sum(id => Enumerable.Range(0, StepsPerInstance).Count(step => effects.DonePids(EffectActivity.KeyOf(id, step)).Contains(pid)));
}
