using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Tests.Durable.TestWorker;

namespace ScriptHarness.Tests.Durable.Crash;

/// <summary>
/// Real processes, real SIGKILL: a worker dies at a chosen moment, a new process takes over,
/// the instance completes, and the effect log shows that no completed activity ran twice and
/// the in-flight one ran again. Runs on every backend that subclasses it with its
/// <see cref="IWorkerBackend"/> (Azure Storage on Azurite now; SQLite joins the same way).
/// </summary>
public abstract class WorkerCrashTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Short: the restarted worker waits this long for the killed one's messages; the load here is a handful of activities.</summary>
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    private readonly IWorkerBackend backend;
    private readonly string folder = Directory.CreateTempSubdirectory("scriptharness-crash-").FullName;
    private readonly List<TestWorkerProcess> workers = [];

    /// <summary>Runs the crash tests on <paramref name="backend"/>.</summary>
    protected WorkerCrashTests(IWorkerBackend backend) => this.backend = backend;

    private string EffectsFolder => Path.Combine(folder, "effects");

    [Fact]
    public async Task A_worker_killed_while_an_orchestration_waits_for_an_event_resumes_in_a_new_process_when_the_event_arrives()
    {
        WorkerStore store = backend.NewStore("evt", partitions: 1, LockTimeout).With([.. backend.RestartedWorkerSettings.Select(kv => (kv.Key, kv.Value))]);
        await using StoreClient client = StoreClient.Create(store);
        TestWorkerProcess first = await StartWorkerAsync(store);
        string id = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepsOrchestrator), new StepsInput(Steps: 4, WaitForEventBeforeStep: 2));
        await client.WaitUntilAsync(id, m => m.SerializedCustomStatus?.Contains(StepsOrchestrator.WaitingStatus, StringComparison.Ordinal) == true, Patience);

        await first.KillAsync();
        await client.Client.RaiseEventAsync(id, StepsOrchestrator.GoEvent, "now");
        TestWorkerProcess second = await StartWorkerAsync(store);
        OrchestrationMetadata done = await client.WaitUntilAsync(id, m => m.IsCompleted, Patience);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        EffectLines effects = EffectLines.Read(EffectsFolder);
        Assert.All(Enumerable.Range(0, 4), step => AssertRanOnce(effects, EffectActivity.KeyOf(id, step)));
        Assert.Equal([first.Id], effects.DonePids(EffectActivity.KeyOf(id, 1)));
        Assert.Equal([second.Id], effects.DonePids(EffectActivity.KeyOf(id, 2)));
    }

    [Fact]
    public async Task A_worker_killed_during_an_activity_runs_that_activity_again_in_a_new_process_and_nothing_else()
    {
        WorkerStore store = backend.NewStore("act", partitions: 1, LockTimeout).With([.. backend.RestartedWorkerSettings.Select(kv => (kv.Key, kv.Value))]);
        await using StoreClient client = StoreClient.Create(store);
        string id = "crash-activity-" + Guid.NewGuid().ToString("N");
        string held = EffectActivity.KeyOf(id, 1);
        TestWorkerProcess first = await StartWorkerAsync(store, new Dictionary<string, string> { ["holdKey"] = held });
        await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepsOrchestrator), new StepsInput(Steps: 3), new StartOrchestrationOptions(id));
        await Eventually.HoldsAsync(() => EffectLines.Read(EffectsFolder).Starts(held) == 1, Patience, () => $"the activity {held} never started. Worker output:\n{first.Log}");

        await first.KillAsync();
        TestWorkerProcess second = await StartWorkerAsync(store);
        OrchestrationMetadata done = await client.WaitUntilAsync(id, m => m.IsCompleted, Patience);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        EffectLines effects = EffectLines.Read(EffectsFolder);
        AssertRanOnce(effects, EffectActivity.KeyOf(id, 0));
        Assert.Equal(2, effects.Starts(held));
        Assert.Equal([second.Id], effects.DonePids(held));
        AssertRanOnce(effects, EffectActivity.KeyOf(id, 2));
    }

    [Theory]
    [InlineData("kill:after-activity-completion#2")]
    [InlineData("kill:before-checkpoint-of-activity-result#2")]
    public async Task A_worker_killed_between_an_activity_completion_and_the_next_checkpoint_never_runs_that_activity_again(string fault)
    {
        WorkerStore store = backend.NewStore("ckpt", partitions: 1, LockTimeout).With([.. backend.RestartedWorkerSettings.Select(kv => (kv.Key, kv.Value))]);
        await using StoreClient client = StoreClient.Create(store);
        TestWorkerProcess first = await StartWorkerAsync(store, new Dictionary<string, string> { ["faults"] = fault });
        string id = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepsOrchestrator), new StepsInput(Steps: 4));

        int exitCode = await first.WaitForExitAsync(Patience);
        Assert.Equal(137, exitCode);
        Assert.Equal([(FaultRuleText(fault), first.Id)], EffectLines.Read(EffectsFolder).Faults);
        await StartWorkerAsync(store);
        OrchestrationMetadata done = await client.WaitUntilAsync(id, m => m.IsCompleted, Patience);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        EffectLines effects = EffectLines.Read(EffectsFolder);
        Assert.All(Enumerable.Range(0, 4), step => AssertRanOnce(effects, EffectActivity.KeyOf(id, step)));
        Assert.Equal([first.Id], effects.DonePids(EffectActivity.KeyOf(id, 1)));
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

    private async Task<TestWorkerProcess> StartWorkerAsync(WorkerStore store, IReadOnlyDictionary<string, string>? worker = null)
    {
        TestWorkerProcess process = await TestWorkerProcess.StartAsync(store, EffectsFolder, worker);
        workers.Add(process);
        return process;
    }

    private static void AssertRanOnce(EffectLines effects, string key)
    {
        Assert.True(effects.Starts(key) == 1 && effects.Dones(key) == 1, $"{key}: started {effects.Starts(key)} times, done {effects.Dones(key)} times (expected once each).");
    }

    private static string FaultRuleText(string fault) => ScriptHarness.Durable.Testing.FaultInjection.FaultRule.Parse(fault).ToString();
}
