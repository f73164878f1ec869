using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Tests.Durable.Crash;
using ScriptHarness.Tests.Durable.TestWorker;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Workers;

/// <summary>
/// Poison runs with real processes (issue 16): a run whose episode kills its worker (a real
/// stack overflow, a FailFast) is quarantined after <c>durable:poisonEpisodeLimit</c> deaths, the
/// next worker survives and serves other runs, and a forced terminate and a purge work while no
/// worker is running.
/// </summary>
public sealed class SqlitePoisonRunTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly SqliteWorkerBackend backend = new();
    private readonly string effects = Directory.CreateTempSubdirectory("scriptharness-poison-").FullName;
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

        PurgeResult purged = await client.Client.PurgeInstanceAsync(poison);
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await client.Client.GetInstanceAsync(poison));
    }

    [Fact]
    public async Task A_forced_terminate_and_a_purge_work_on_a_poison_run_while_no_worker_is_running()
    {
        WorkerStore store = this.NewStore(limit: 3);
        await using StoreClient client = StoreClient.Create(store);
        string poison = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CrashingOrchestrator), new CrashInput(StepsBeforeCrash: 1));
        TestWorkerProcess dying = await this.StartWorkerAsync(store, mayDie: true);
        Assert.Equal(134, await dying.WaitForExitAsync(Patience));

        // No worker is running: the terminate is done by the store itself.
        await client.Client.TerminateInstanceAsync(poison, "stuck in a crash loop");
        OrchestrationMetadata terminated = await client.WaitUntilAsync(poison, m => m.IsCompleted, Patience);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated.RuntimeStatus);
        Assert.Contains("stuck in a crash loop", terminated.SerializedOutput, StringComparison.Ordinal);

        TestWorkerProcess next = await this.StartWorkerAsync(store);
        string other = await client.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepsOrchestrator), new StepsInput(Steps: 1));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.WaitUntilAsync(other, m => m.IsCompleted, Patience)).RuntimeStatus);
        Assert.False(next.HasExited, $"the worker after the terminate died. Its output:\n{next.Log}");
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await client.Client.GetInstanceAsync(poison))!.RuntimeStatus);

        await next.KillAsync();
        PurgeResult purged = await client.Client.PurgeInstanceAsync(poison);
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await client.Client.GetInstanceAsync(poison));
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

        this.backend.Dispose();
        Directory.Delete(this.effects, recursive: true);
    }

    /// <summary>A fresh file; every worker starts with the same worker id, so each frees its dead predecessor's locks at once.</summary>
    private WorkerStore NewStore(int limit) => this.backend
        .NewStore("poison", partitions: 1, lockTimeout: TimeSpan.FromSeconds(10))
        .With([.. this.backend.RestartedWorkerSettings.Select(kv => (kv.Key, kv.Value)), ("durable:poisonEpisodeLimit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    private async Task<TestWorkerProcess> StartWorkerAsync(WorkerStore store, bool mayDie = false)
    {
        TestWorkerProcess process = await TestWorkerProcess.StartAsync(store, this.effects, mayDie: mayDie);
        this.workers.Add(process);
        return process;
    }
}
