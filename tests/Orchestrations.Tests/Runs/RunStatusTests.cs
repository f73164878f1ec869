using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

/// <summary>The custom status a client polls: counts, pending calls in call order, decisions, phase.</summary>
[Collection(HarnessCollection.Name)]
public class RunStatusTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task Status_counts_done_and_in_flight_calls_and_lists_pending_and_decided_calls_in_call_order()
    {
        string id = await this.StartAsync("""
            await tools.add({ a: 1, b: 1 });
            try { await tools.deploy({ env: 'prod' }); } catch {}
            const [x, y] = await Promise.allSettled([tools.record({ n: 1 }), tools.record({ n: 2 })]);
            return [x.status, y.status];
            """);

        // Call 2 was denied by policy (done), calls 3 and 4 both wait.
        RunStatus both = await this.WaitForPendingAsync(id, 4);
        both = both.Pending.Count == 2 ? both : await this.WaitForPendingAsync(id, 3);
        Assert.Equal(RunPhase.AwaitingApproval, both.Phase);
        Assert.Equal(2, both.CallsDone);
        Assert.Equal(2, both.CallsInFlight);
        Assert.Equal([3, 4], both.Pending.Select(p => p.CallId));
        DecidedCall byPolicy = Assert.Single(both.Decided);
        Assert.Equal((2, DecisionVerdict.Deny), (byPolicy.CallId, byPolicy.Verdict));

        await this.Runs.DecideAsync(id, 3, Approve());
        RunStatus one = await this.WaitForStatusAsync(id, s => s.Pending.Count == 1 && s.CallsDone == 3);
        Assert.Equal(4, Assert.Single(one.Pending).CallId);
        Assert.Equal(1, one.CallsInFlight);
        Assert.Equal([(2, DecisionVerdict.Deny), (3, DecisionVerdict.Approve)], one.Decided.Select(d => (d.CallId, d.Verdict)));

        await this.Runs.DecideAsync(id, 4, Deny());
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal("[\"fulfilled\",\"rejected\"]", done.Output.Report.Result!.Value.GetRawText());
    }

    [Fact]
    public async Task Status_lists_a_call_whose_cancel_was_requested_while_its_activity_still_runs_and_drops_it_when_it_returns()
    {
        // stubborn ignores cancellation, so the call keeps running after the run asked it to stop.
        string gate = $"stubborn-{Guid.NewGuid():N}";
        string id = await this.StartAsync($$"""
            tools.stubborn({ gate: '{{gate}}' });
            await tools.add({ a: 1, b: 1 });
            return 'returned early';
            """);

        RunStatus finishing = await this.WaitForStatusAsync(id, s => s.Cancelling.Count > 0);
        Assert.Equal(RunPhase.Finishing, finishing.Phase);
        Assert.Equal([1], finishing.Cancelling);
        Assert.Equal(1, finishing.CallsInFlight);

        this.Fixture.Gates.Release(gate);
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal([ToolCallStatus.Cancelled, ToolCallStatus.Ok], done.Output!.Report.Calls.Select(c => c.Status));
        Assert.Empty(done.Status!.Cancelling);
    }
}
