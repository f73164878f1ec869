using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Client.Audit;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Client;

/// <summary>
/// The audit view (<see cref="ScriptRunClient.GetAuditAsync"/>): when each call was asked,
/// decided (who, scope, reason), ran and finished, in order. A contract-2 run records the
/// "asked" moment explicitly; a contract-1 run's is inferred from its expiry timer.
/// </summary>
public abstract class AuditViewTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task A_contract_2_run_lists_asked_decided_ran_and_finished_in_order_with_the_explicit_asked_event()
    {
        string id = await this.StartAsync("const r = await tools.record({ n: 1 }); return r.recorded;");
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, new ApprovalDecision(DecisionVerdict.Approve, DecisionScope.Call, "ship it", "alice", "key-7"));
        await this.WaitForEndAsync(id);

        RunAudit audit = await this.Runs.GetAuditAsync(id);
        Assert.Equal(ReplayContract.Current, audit.Contract);
        Assert.Equal(AuditKind.Started, audit.Entries[0].Kind);
        Assert.Equal(AuditKind.RunFinished, audit.Entries[^1].Kind);
        Assert.Equal("Completed", audit.Entries[^1].Outcome);

        List<AuditEntry> call = [.. audit.Entries.Where(e => e.CallId == 1)];
        Assert.Equal([AuditKind.Asked, AuditKind.Decided, AuditKind.Ran, AuditKind.Finished], call.Select(e => e.Kind));
        AuditEntry asked = call[0];
        Assert.Equal("record", asked.Tool);
        Assert.Null(asked.Inferred);
        Assert.NotNull(asked.ExpiresAt);
        Assert.False(string.IsNullOrEmpty(asked.Reason));
        AuditEntry decided = call[1];
        Assert.Equal(("approve", "call", "alice", "key-7", "ship it"), (decided.Verdict, decided.Scope, decided.DecidedBy, decided.KeyId, decided.Reason));
        Assert.Equal("completed", call[3].Outcome);
        Assert.True(call.Zip(call.Skip(1)).All(p => p.First.At <= p.Second.At));
    }

    [Fact]
    public async Task A_run_scope_grant_shows_the_covered_call_as_decided_via_the_granting_call()
    {
        string id = await this.StartAsync("await tools.record({ n: 1 }); await tools.record({ n: 1 }); return 1;");
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Approve(scope: DecisionScope.Run));
        await this.WaitForEndAsync(id);

        RunAudit audit = await this.Runs.GetAuditAsync(id);
        AuditEntry second = Assert.Single(audit.Entries, e => e.CallId == 2 && e.Kind == AuditKind.Decided);
        Assert.Equal(1, second.ViaCall);
        Assert.Equal("run", second.Scope);
        Assert.DoesNotContain(audit.Entries, e => e.CallId == 2 && e.Kind == AuditKind.Asked);
    }

    [Fact]
    public async Task A_contract_1_run_infers_the_asked_moment_from_its_expiry_timer()
    {
        string id = $"audit-contract-1-{Guid.NewGuid():N}";
        ScriptRunInput input = new("const r = await tools.record({ n: 1 }); return r.recorded;", new RunContext("audit", "c1", 0, this.Fixture.Workspace))
        {
            ApprovalExpiry = TimeSpan.FromHours(2),
        };
        await this.Fixture.Durable.ScheduleNewOrchestrationInstanceAsync(OrchestratorNames.ScriptRun, input, new StartOrchestrationOptions(id) { Version = ReplayContract.VersionOf(1) });
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Approve("carol"));
        await this.WaitForEndAsync(id);

        RunAudit audit = await this.Runs.GetAuditAsync(id);
        Assert.Equal(1, audit.Contract);
        Assert.DoesNotContain(await this.Runs.GetHistoryAsync(id), e => e.Name == "ScriptHarness.CallAwaitingDecision");
        List<AuditEntry> call = [.. audit.Entries.Where(e => e.CallId == 1)];
        Assert.Equal([AuditKind.Asked, AuditKind.Decided, AuditKind.Ran, AuditKind.Finished], call.Select(e => e.Kind));
        Assert.True(call[0].Inferred);
        Assert.Equal(call[0].At + TimeSpan.FromHours(2), call[0].ExpiresAt);
        Assert.Equal("carol", call[1].DecidedBy);
    }
}

[Collection(HarnessCollection.Name)]
public sealed class InMemoryAuditViewTests(HarnessFixture fixture) : AuditViewTests(fixture);

[Collection(ScriptHarness.Tests.Orchestrations.Fixtures.SqliteHarnessCollection.Name)]
public sealed class SqliteAuditViewTests(SqliteHarnessFixture fixture) : AuditViewTests(fixture);
