using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Durable.Crash;
using ScriptHarness.Tests.Durable.TestWorker;

namespace ScriptHarness.Tests.Durable.Upgrades;

/// <summary>
/// A deploy under paused runs, with real worker processes on one store: runs start on a worker
/// of the build's replay contract N and pause on approval; that worker stops; a worker of
/// contract N+1 (the test worker's next-contract variant, whose new path schedules an extra
/// activity) starts; the approvals arrive; the runs complete on N's path. A run started under
/// N+1 is meanwhile handed back by the N-only worker (left pending, never failed) and completes
/// on N+1's path once the newer worker runs. Runs on every backend that subclasses it.
/// </summary>
public abstract class ReplayContractUpgradeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);
    private const string Script = "const n = await tools.note({ step: 1 }); return 'noted ' + n.noted;";

    private readonly IWorkerBackend backend;
    private readonly string folder = Directory.CreateTempSubdirectory("scriptharness-upgrade-").FullName;
    private readonly List<TestWorkerProcess> workers = [];

    /// <summary>Runs the upgrade tests on <paramref name="backend"/>.</summary>
    protected ReplayContractUpgradeTests(IWorkerBackend backend) => this.backend = backend;

    private string EffectsFolder => Path.Combine(folder, "effects");

    [Fact]
    public async Task Runs_paused_under_one_contract_complete_on_its_path_under_the_next_and_a_run_of_the_next_waits_for_a_worker_that_ships_it()
    {
        int current = ReplayContract.Current;
        int next = current + 1;
        WorkerStore store = backend.NewStore("upgrade", partitions: 1, LockTimeout).With([.. backend.RestartedWorkerSettings.Select(kv => (kv.Key, kv.Value))]);
        await using StoreClient client = StoreClient.Create(store);
        TestWorkerProcess older = await StartWorkerAsync(store, contract: 0);

        string[] paused = [await ScheduleAsync(client, "paused-a", current), await ScheduleAsync(client, "paused-b", current)];
        string newer = await ScheduleAsync(client, "newer", next);
        foreach (string id in paused)
        {
            await client.WaitUntilAsync(id, AwaitsApproval, Patience);
        }

        await Eventually.HoldsAsync(
            () => older.Printed($"The orchestration version '{next}' is greater than the worker version '{current}'."),
            Patience,
            () => $"the contract-{current} worker never handed back the contract-{next} run. Its output:\n{older.Log}");
        OrchestrationMetadata waiting = (await client.Client.GetInstanceAsync(newer))!;
        Assert.Equal(OrchestrationRuntimeStatus.Pending, waiting.RuntimeStatus);

        await older.KillAsync();
        TestWorkerProcess upgraded = await StartWorkerAsync(store, contract: next);
        foreach (string id in paused)
        {
            await client.Client.RaiseEventAsync(id, RunEvents.Approval(1), new ApprovalDecision(DecisionVerdict.Approve, DecidedBy: "upgrade-test"));
        }

        await client.WaitUntilAsync(newer, AwaitsApproval, Patience);
        await client.Client.RaiseEventAsync(newer, RunEvents.Approval(1), new ApprovalDecision(DecisionVerdict.Approve, DecidedBy: "upgrade-test"));

        foreach (string id in paused.Append(newer))
        {
            OrchestrationMetadata done = await client.WaitUntilAsync(id, m => m.IsCompleted, Patience);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id}: {done.RuntimeStatus} {done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage}\n{upgraded.Log}");
            ScriptRunOutput output = done.ReadOutputAs<ScriptRunOutput>()!;
            Assert.Equal(ScriptRunStatus.Completed, output.Report.Status);
            Assert.Equal("noted 1", output.Report.Result!.Value.GetString());
        }

        List<(string Kind, string Key, int Pid)> effects = Effects();
        foreach (string id in paused)
        {
            // Contract N's path: the tool ran once, on the upgraded worker, and no marker.
            Assert.Equal([upgraded.Id], effects.Where(e => e.Kind == ScriptRunsWorker.NoteTool && e.Key == $"{id}:1").Select(e => e.Pid));
            Assert.DoesNotContain(effects, e => e.Kind == "marker" && e.Key == id);
        }

        // Contract N+1's path, run only by the worker that ships it.
        Assert.Equal([upgraded.Id], effects.Where(e => e.Kind == "marker" && e.Key == newer).Select(e => e.Pid));
        Assert.Equal([upgraded.Id], effects.Where(e => e.Kind == ScriptRunsWorker.NoteTool && e.Key == $"{newer}:1").Select(e => e.Pid));
    }

    [Fact]
    public async Task Runs_paused_under_contract_1_are_finished_by_a_contract_2_worker_on_contract_1_path_without_the_asked_activity()
    {
        Assert.True(ReplayContract.Current >= 2 && ReplayContract.Oldest <= 1, "This build must ship contracts 1 and 2.");
        WorkerStore store = backend.NewStore("upgrade-c1", partitions: 1, LockTimeout).With([.. backend.RestartedWorkerSettings.Select(kv => (kv.Key, kv.Value))]);
        await using StoreClient client = StoreClient.Create(store);
        TestWorkerProcess first = await StartWorkerAsync(store, contract: 0);

        string old = await ScheduleAsync(client, "contract-1", 1);
        string current = await ScheduleAsync(client, "contract-2", 2);
        foreach (string id in new[] { old, current })
        {
            await client.WaitUntilAsync(id, AwaitsApproval, Patience);
        }

        await first.KillAsync();
        TestWorkerProcess second = await StartWorkerAsync(store, contract: 0);
        foreach (string id in new[] { old, current })
        {
            await client.Client.RaiseEventAsync(id, RunEvents.Approval(1), new ApprovalDecision(DecisionVerdict.Approve, DecidedBy: "upgrade-test"));
        }

        foreach (string id in new[] { old, current })
        {
            OrchestrationMetadata done = await client.WaitUntilAsync(id, m => m.IsCompleted, Patience);
            Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{id}: {done.RuntimeStatus} {done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage}\n{second.Log}");
            Assert.Equal("noted 1", done.ReadOutputAs<ScriptRunOutput>()!.Report.Result!.Value.GetString());
        }

        // Contract 1's path schedules no "asked" activity; contract 2's does, once.
        Assert.DoesNotContain(await ScheduledAsync(client, old), name => name == CallAwaitingDecisionActivity.Name);
        Assert.Single(await ScheduledAsync(client, current), name => name == CallAwaitingDecisionActivity.Name);
        Assert.Equal([second.Id], Effects().Where(e => e.Kind == ScriptRunsWorker.NoteTool && e.Key == $"{old}:1").Select(e => e.Pid));
    }

    private static async Task<IReadOnlyList<string?>> ScheduledAsync(StoreClient client, string id) =>
        [.. HistoryEventMapper.Map(await client.Client.GetOrchestrationHistoryAsync(id)).Where(e => e.Type == "taskScheduled").Select(e => e.Name)];

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (TestWorkerProcess worker in workers)
        {
            await worker.DisposeAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool AwaitsApproval(OrchestrationMetadata m) =>
        m.SerializedCustomStatus?.Contains("awaitingApproval", StringComparison.Ordinal) == true;

    private async Task<string> ScheduleAsync(StoreClient client, string name, int contract)
    {
        string id = $"upgrade-{name}-{Guid.NewGuid():N}";
        ScriptRunInput input = new(Script, new RunContext("upgrade", name, 0, folder)) { Tools = [ScriptRunsWorker.NoteTool] };
        await client.Client.ScheduleNewOrchestrationInstanceAsync(
            OrchestratorNames.ScriptRun,
            input,
            new StartOrchestrationOptions(id) { Version = ReplayContract.VersionOf(contract) });
        return id;
    }

    private async Task<TestWorkerProcess> StartWorkerAsync(WorkerStore store, int contract)
    {
        // No prewarmed exec sandboxes: the note tool needs none.
        TestWorkerProcess worker = await TestWorkerProcess.StartAsync(store.With(("orchestrations:prewarmedSandboxes", "0")), EffectsFolder, new Dictionary<string, string>
        {
            ["scriptRuns"] = "true",
            ["contract"] = contract.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        workers.Add(worker);
        return worker;
    }

    private List<(string Kind, string Key, int Pid)> Effects()
    {
        List<(string, string, int)> lines = [];
        foreach (string path in Directory.Exists(EffectsFolder) ? Directory.EnumerateFiles(EffectsFolder, "*.log") : [])
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                string[] parts = line.Split(' ');
                if (parts.Length == 3 && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out int pid))
                {
                    lines.Add((parts[0], parts[1], pid));
                }
            }
        }

        return lines;
    }
}
