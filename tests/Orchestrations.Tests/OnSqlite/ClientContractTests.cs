using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.OnSqlite;

/// <summary>
/// The client contract as API processes use it, on one SQLite file: run ids a turn hands out
/// answer before the turn starts them; a delivered decision is shown decided, not pending; and
/// two processes deciding one call differently learn about each other through the store.
/// Worker and client hosts are separate containers over the file, as separate processes are.
/// </summary>
public sealed class ClientContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string folder = Directory.CreateTempSubdirectory("orchestrations-contract-").FullName;
    private readonly List<IHost> hosts = [];
    private readonly ToolLedger ledger = new();
    private readonly ToolGates gates = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (IHost host in this.hosts)
        {
            await StopAsync(host);
        }

        try
        {
            Directory.Delete(this.folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_run_ids_a_turn_hands_out_answer_pending_before_the_turn_starts_them()
    {
        ScriptRunClient runs = await this.StartWorkerAsync();
        TurnStart turn = await runs.StartTurnAsync(this.Turn("await tools.record({ what: 'first' }); return 1;", "return 2;"));

        // At once: the first run may not exist yet, the second cannot (it waits for the first).
        RunView? first = await runs.GetRunAsync(turn.RunInstanceIds[0]);
        RunView? second = await runs.GetRunAsync(turn.RunInstanceIds[1]);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, second.RuntimeStatus);
        Assert.True(second.Planned);

        await WaitForPendingAsync(runs, turn.RunInstanceIds[0], 1);
        RunView? stillPlanned = await runs.GetRunAsync(turn.RunInstanceIds[1]);
        Assert.True(stillPlanned is { Planned: true, RuntimeStatus: OrchestrationRuntimeStatus.Pending });

        await runs.DecideAsync(turn.RunInstanceIds[0], 1, Approve());
        RunView done = await WaitForEndAsync(runs, turn.RunInstanceIds[1]);
        Assert.False(done.Planned);
        Assert.Equal(2, done.Output!.Report.Result!.Value.GetInt32());

        // Ids that are not a planned block of a turn still answer nothing.
        Assert.Null(await runs.GetRunAsync(turn.TurnInstanceId + "-b7"));
        Assert.Null(await runs.GetRunAsync(turn.TurnInstanceId + "-b01"));
    }

    [Fact]
    public async Task A_delivered_decision_shows_decided_and_delivered_and_a_second_process_deciding_differently_is_refused()
    {
        ScriptRunClient worker = await this.StartWorkerAsync();
        TurnStart turn = await worker.StartTurnAsync(this.Turn("const r = await tools.record({ what: 'x' }); return r.recorded;"));
        string id = turn.RunInstanceIds[0];
        await WaitForPendingAsync(worker, id, 1);

        // No worker from here on: a delivered decision stays unprocessed for as long as we look.
        await this.StopWorkersAsync();
        ScriptRunClient api1 = this.ClientOnly();
        ScriptRunClient api2 = this.ClientOnly();

        Assert.Equal(DecisionOutcome.Delivered, await api1.DecideAsync(id, 1, Approve()));

        foreach (ScriptRunClient api in new[] { api1, api2 })
        {
            RunStatus status = (await api.GetRunAsync(id))!.Status!;
            Assert.DoesNotContain(status.Pending, p => p.CallId == 1);
            DecidedCall decided = Assert.Single(status.Decided);
            Assert.Equal(1, decided.CallId);
            Assert.Equal(DecisionVerdict.Approve, decided.Verdict);
            Assert.True(decided.Delivered);
            Assert.NotEqual(RunPhase.AwaitingApproval, status.Phase);
        }

        ScriptRunClientException conflict = await Assert.ThrowsAsync<ScriptRunClientException>(() => api2.DecideAsync(id, 1, Deny()));
        Assert.Equal(ClientErrorCode.DecisionConflict, conflict.Code);
        Assert.Equal(DecisionOutcome.AlreadyDecided, await api2.DecideAsync(id, 1, Approve("carol")));

        // A worker again: the run gets the first decision, once.
        ScriptRunClient again = await this.StartWorkerAsync();
        RunView done = await WaitForEndAsync(again, id);
        CallApproval audit = Assert.Single(done.Output!.Approvals);
        Assert.Equal(DecisionVerdict.Approve, audit.Decision!.Verdict);
        Assert.Equal("alice", audit.Decision.DecidedBy);
        Assert.Equal(1, this.ledger.Count(id, "record"));
    }

    [Fact]
    public async Task The_process_that_delivered_a_decision_never_sees_the_call_pending_while_the_run_takes_it()
    {
        ScriptRunClient worker = await this.StartWorkerAsync();
        TurnStart turn = await worker.StartTurnAsync(this.Turn("const r = await tools.record({ what: 'x' }); return r.recorded;"));
        string id = turn.RunInstanceIds[0];
        await WaitForPendingAsync(worker, id, 1);
        await this.StopWorkersAsync();
        ScriptRunClient api = this.ClientOnly();
        Assert.Equal(DecisionOutcome.Delivered, await api.DecideAsync(id, 1, Approve()));

        // The moment a worker's episode has taken the event out of the waiting events but the
        // status read just before still lists the call: here the event is simply gone.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(this.folder, "harness.db")}"))
        {
            await connection.OpenAsync();
            await using Microsoft.Data.Sqlite.SqliteCommand delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM NewEvents WHERE InstanceId = $id AND EventType = 'EventRaised';";
            delete.Parameters.AddWithValue("$id", id);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        RunStatus status = (await api.GetRunAsync(id))!.Status!;
        Assert.DoesNotContain(status.Pending, p => p.CallId == 1);
        Assert.True(Assert.Single(status.Decided).Delivered);
    }

    [Fact]
    public async Task Two_processes_deciding_several_calls_at_once_each_get_exactly_one_delivery_per_call()
    {
        ScriptRunClient worker = await this.StartWorkerAsync();
        TurnStart turn = await worker.StartTurnAsync(this.Turn(
            "const r = await Promise.allSettled([tools.record({ n: 1 }), tools.record({ n: 2 }), tools.record({ n: 3 }), tools.record({ n: 4 })]); return r.length;"));
        string id = turn.RunInstanceIds[0];
        await WaitForPendingAsync(worker, id, 4);
        await this.StopWorkersAsync();
        ScriptRunClient api1 = this.ClientOnly();
        ScriptRunClient api2 = this.ClientOnly();

        foreach (int call in new[] { 1, 2, 3, 4 })
        {
            Task<DecisionOutcome> approve = api1.DecideAsync(id, call, Approve());
            Task<DecisionOutcome> deny = api2.DecideAsync(id, call, Deny());
            int delivered = 0;
            foreach (Task<DecisionOutcome> attempt in new[] { approve, deny })
            {
                try
                {
                    Assert.Equal(DecisionOutcome.Delivered, await attempt);
                    delivered++;
                }
                catch (ScriptRunClientException ex) when (ex.Code == ClientErrorCode.DecisionConflict)
                {
                }
            }

            Assert.Equal(1, delivered);
        }
    }

    private static ApprovalDecision Approve(string by = "alice") => new(DecisionVerdict.Approve, DecisionScope.Call, "fine", by, "key-1");

    private static ApprovalDecision Deny() => new(DecisionVerdict.Deny, DecisionScope.Call, "no", "bob", "key-2");

    private static async Task WaitForPendingAsync(ScriptRunClient runs, string id, int callId)
    {
        using CancellationTokenSource timeout = new(Patience);
        while ((await runs.GetRunAsync(id, timeout.Token))?.Status?.Pending.Any(p => p.CallId == callId && p.Kind == PendingKind.Approval) != true)
        {
            await Task.Delay(25, timeout.Token);
        }
    }

    private static async Task<RunView> WaitForEndAsync(ScriptRunClient runs, string id)
    {
        using CancellationTokenSource timeout = new(Patience);
        return await runs.WaitForRunAsync(id, timeout.Token);
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync(TimeSpan.FromSeconds(15));
        host.Dispose();
    }

    private TurnRequest Turn(params string[] scripts) => new($"conv-{Guid.NewGuid():N}", "turn-1", scripts, this.folder);

    private async Task<ScriptRunClient> StartWorkerAsync()
    {
        IHost host = this.Build();
        await host.StartAsync();
        return host.Services.GetRequiredService<ScriptRunClient>();
    }

    /// <summary>A container that is never started: a client over the file with no worker, like a second API process.</summary>
    private ScriptRunClient ClientOnly() => this.Build().Services.GetRequiredService<ScriptRunClient>();

    private async Task StopWorkersAsync()
    {
        foreach (IHost host in this.hosts.ToList())
        {
            await StopAsync(host);
            this.hosts.Remove(host);
        }
    }

    private IHost Build()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Dictionary<string, string?> settings = HarnessFixture.BaseSettings();
        foreach (string key in settings.Keys.Where(k => k.StartsWith("durable:inMemory:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }

        settings["durable:backend"] = "sqlite";
        settings["durable:sqlite:databasePath"] = Path.Combine(this.folder, "harness.db");
        // One worker id for every worker host: a restarted worker frees its predecessor's locks at once.
        settings["durable:sqlite:workerId"] = "contract-worker";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddScriptHarnessDurable(builder.Configuration);
        builder.Services.AddScriptHarnessTools(builder.Configuration, b => FakeTools.Register(b, this.ledger, this.gates));
        builder.Services.AddScriptHarnessOrchestrations(builder.Configuration);
        IHost host = builder.Build();
        this.hosts.Add(host);
        return host;
    }
}
