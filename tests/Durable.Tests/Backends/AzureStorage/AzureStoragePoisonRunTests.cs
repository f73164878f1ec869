using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Tests.Durable.Crash;
using ScriptHarness.Tests.Durable.TestWorker;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// Poison runs on Azure Storage (Azurite) with real processes (issue 16): a run whose episode
/// kills its worker (a real stack overflow, a FailFast) is quarantined after
/// <c>durable:poisonEpisodeLimit</c> deaths by the backend's episode count, the next worker
/// survives and serves other runs, and the quarantined run is purged while no worker runs.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStoragePoisonRunTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly AzureStorageWorkerBackend backend = new(azurite);
    private readonly string effects = Directory.CreateTempSubdirectory("scriptharness-azure-poison-").FullName;
    private readonly List<TestWorkerProcess> workers = [];

    [Theory]
    [InlineData(CrashKind.StackOverflow, 0)]
    [InlineData(CrashKind.FailFast, 1)]
    public async Task A_run_that_kills_its_worker_is_quarantined_after_the_limit_and_the_next_worker_survives_and_serves_other_runs(CrashKind kind, int stepsBeforeCrash)
    {
        const int Limit = 2;
        WorkerStore store = this.NewStore(Limit);
        await using StoreClient client = StoreClient.Create(store);
        string poison = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CrashingOrchestrator), new CrashInput(stepsBeforeCrash, kind));

        for (int death = 1; death <= Limit; death++)
        {
            TestWorkerProcess dying = await this.StartWorkerAsync(store, mayDie: true);
            int exitCode = await dying.WaitForExitAsync(Patience);
            Assert.True(exitCode == 134, $"worker {death} exited with {exitCode}, expected the runtime's abort (134). Its output:\n{dying.Log}");
            Assert.True(dying.Printed($"{CrashingOrchestrator.Marker} {poison}"), $"worker {death} did not die in the poison run. Its output:\n{dying.Log}");
            OrchestrationMetadata? between = await client.Client.GetInstanceAsync(poison);
            Assert.False(between!.IsCompleted, $"after death {death} the run is {between.RuntimeStatus}");
        }

        TestWorkerProcess survivor = await this.StartWorkerAsync(store);
        OrchestrationMetadata failed = await client.WaitUntilAsync(poison, m => m.IsCompleted, Patience);
        string other = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepsOrchestrator), new StepsInput(Steps: 2));
        OrchestrationMetadata served = await client.WaitUntilAsync(other, m => m.IsCompleted, Patience);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(PoisonQuarantine.ErrorType, failed.FailureDetails?.ErrorType);
        Assert.Contains($"crashed the worker {Limit} times", failed.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, served.RuntimeStatus);
        Assert.False(survivor.HasExited, $"the worker after the quarantine died. Its output:\n{survivor.Log}");
        Assert.False(survivor.Printed(CrashingOrchestrator.Marker), "the worker after the quarantine ran the poison episode again");
        Assert.Equal(stepsBeforeCrash, EffectLines.Read(this.effects).DistinctDones - 2);

        // Purge is done by the client on the store's tables: no worker needed.
        await survivor.KillAsync();
        PurgeResult purged = await client.Client.PurgeInstanceAsync(poison);
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await client.Client.GetInstanceAsync(poison));
    }

    [Fact]
    public async Task A_terminate_sent_while_no_worker_runs_ends_a_poison_run_at_the_next_worker_without_running_it()
    {
        WorkerStore store = this.NewStore(limit: 3);
        await using StoreClient client = StoreClient.Create(store);
        // One step first, so the run has a history and dies in a later episode, as a script does.
        string poison = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CrashingOrchestrator), new CrashInput(StepsBeforeCrash: 1));
        TestWorkerProcess dying = await this.StartWorkerAsync(store, mayDie: true);
        Assert.Equal(134, await dying.WaitForExitAsync(Patience));

        // No worker runs: the terminate waits on the queue. DTFx alone would replay the start
        // (and die again) before applying it; the poison gate applies it without running.
        await client.Client.TerminateInstanceAsync(poison, "stuck in a crash loop");
        TestWorkerProcess next = await this.StartWorkerAsync(store);
        OrchestrationMetadata terminated = await client.WaitUntilAsync(poison, m => m.IsCompleted, Patience);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Contains("stuck in a crash loop", terminated.SerializedOutput, StringComparison.Ordinal);
        Assert.False(next.HasExited, $"the worker after the terminate died. Its output:\n{next.Log}");
        Assert.False(next.Printed(CrashingOrchestrator.Marker), "the worker after the terminate ran the poison episode again");

        await next.KillAsync();
        PurgeResult purged = await client.Client.PurgeInstanceAsync(poison);
        Assert.Equal(1, purged.PurgedInstanceCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_of_many_episodes_is_not_quarantined_at_a_limit_of_one_because_each_checkpoint_clears_its_charge(bool extendedSessions)
    {
        // Each episode is charged before it runs; were the charge not cleared by its
        // checkpoint, the second episode would already be at the limit and be quarantined.
        WorkerStore store = this.NewStore(limit: 1).With(("durable:azureStorage:extendedSessionsEnabled", extendedSessions ? "true" : "false"));
        await using StoreClient client = StoreClient.Create(store);
        TestWorkerProcess worker = await this.StartWorkerAsync(store);
        string run = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepsOrchestrator), new StepsInput(Steps: 4));

        OrchestrationMetadata done = await client.WaitUntilAsync(run, m => m.IsCompleted, Patience);

        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        Assert.False(worker.HasExited, $"the worker died. Its output:\n{worker.Log}");
    }

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (TestWorkerProcess worker in this.workers)
        {
            await worker.DisposeAsync();
        }

        Directory.Delete(this.effects, recursive: true);
    }

    /// <summary>A fresh task hub; every worker starts with the same worker id, so it reclaims its dead predecessor's lease at once.</summary>
    private WorkerStore NewStore(int limit) => this.backend
        .NewStore("poison", partitions: 1, lockTimeout: TimeSpan.FromSeconds(10))
        .With([.. this.backend.RestartedWorkerSettings.Select(kv => (kv.Key, kv.Value)), ("durable:poisonEpisodeLimit", limit.ToString(CultureInfo.InvariantCulture))]);

    private async Task<TestWorkerProcess> StartWorkerAsync(WorkerStore store, bool mayDie = false)
    {
        TestWorkerProcess process = await TestWorkerProcess.StartAsync(store, this.effects, mayDie: mayDie);
        this.workers.Add(process);
        return process;
    }
}
