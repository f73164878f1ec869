using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Serialization;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Continuation;

/// <summary>
/// Continuing a finished run from a corrected script: the new run reuses the earlier run's
/// completed calls while its script repeats them (the fake tools' ledger counts what really ran),
/// and runs everything after the first difference. Runs on in-memory and (derived) on SQLite.
/// </summary>
[Collection(HarnessCollection.Name)]
public class ContinueRunTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    // Five calls (four results and one typed tool error the script catches), then a TypeError.
    private const string Broken = """
        const a = await tools.add({ a: 1, b: 1 });
        const b = await tools.add({ a: 2, b: 2 });
        const c = await tools.add({ a: 3, b: 3 });
        let boom; try { await tools.boom({ n: 1 }); } catch (e) { boom = e.code; }
        const d = await tools.add({ a: 4, b: 4 });
        const total = a.sum + b.sum + c.sum + d.summ.value;
        return total;
        """;

    private const string Fixed = """
        const a = await tools.add({ a: 1, b: 1 });
        const b = await tools.add({ b: 2, a: 2 });
        const c = await tools.add({ a: 3, b: 3.0 });
        let boom; try { await tools.boom({ n: 1 }); } catch (e) { boom = e.code; }
        const d = await tools.add({ a: 4, b: 4 });
        const e = await tools.add({ a: 5, b: 5 });
        return { total: a.sum + b.sum + c.sum + d.sum + e.sum, boom };
        """;

    [Fact]
    public async Task A_run_that_failed_with_a_TypeError_after_five_calls_continues_reusing_the_five_and_running_the_rest()
    {
        RunView failed = await this.RunToEndAsync(Broken);
        Assert.Equal(ScriptRunStatus.Failed, failed.Output!.Report.Status);
        Assert.Equal(5, failed.Output.Report.Calls.Count);
        Assert.Equal(5, this.Fixture.Ledger.For(failed.InstanceId).Count);

        TurnStart turn = await this.Runs.ContinueRunAsync(failed.InstanceId, new ContinueRequest([Fixed]));
        RunView done = await this.WaitForEndAsync(turn.RunInstanceIds[0]);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal(30, done.Output.Report.Result!.Value.GetProperty("total").GetDouble());
        Assert.Equal("tool-failed", done.Output.Report.Result!.Value.GetProperty("boom").GetString());
        IReadOnlyList<ToolCallRecord> calls = done.Output.Report.Calls;
        Assert.Equal([true, true, true, true, true, false], calls.Select(c => c.Reused));
        Assert.Equal(ToolCallStatus.Failed, calls[3].Status);
        Assert.Equal(ScriptErrorCode.ToolFailed, calls[3].Error!.Code);

        // Each side effect happened once: the five in the failed run, only the sixth in the new one.
        Assert.Equal(5, this.Fixture.Ledger.For(failed.InstanceId).Count);
        (string tool, var invocation) = Assert.Single(this.Fixture.Ledger.For(done.InstanceId));
        Assert.Equal("add", tool);
        Assert.Equal(6, invocation.CallId);

        Assert.Equal(failed.InstanceId, done.ContinuedFrom);
        Assert.Equal(5, done.Status!.Reused);
        Assert.Null(failed.ContinuedFrom);
        string model = ModelReportFormatter.Format(done.Output.Report);
        string[] lines = model.Split('\n');
        Assert.EndsWith(": ok, reused from the earlier run (not run again)", Assert.Single(lines, l => l.StartsWith("#1 add ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("reused from the earlier run", Assert.Single(lines, l => l.StartsWith("#4 boom ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("reused", Assert.Single(lines, l => l.StartsWith("#6 add ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_argument_at_call_three_ends_reuse_there_for_good()
    {
        RunView failed = await this.RunToEndAsync(Broken);

        TurnStart turn = await this.Runs.ContinueRunAsync(failed.InstanceId, new ContinueRequest([Fixed.Replace("a: 3, b: 3.0", "a: 3, b: 30", StringComparison.Ordinal)]));
        RunView done = await this.WaitForEndAsync(turn.RunInstanceIds[0]);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal([true, true, false, false, false, false], done.Output.Report.Calls.Select(c => c.Reused));
        // Calls 4 and 5 equal the earlier run's, but reuse ended at call 3: they ran again.
        Assert.Equal([3, 4, 5, 6], this.Fixture.Ledger.For(done.InstanceId).Select(c => c.Invocation.CallId));
        Assert.Equal(2, done.Status!.Reused);
    }

    [Fact]
    public async Task A_reused_approved_call_is_not_asked_again_and_a_new_call_is()
    {
        string first = await this.StartAsync("await tools.record({ what: 'a' }); await tools.add({ a: 1, b: 2 }); undefinedFunction();");
        await this.WaitForPendingAsync(first, 1);
        await this.Runs.DecideAsync(first, 1, Approve());
        RunView failed = await this.WaitForEndAsync(first);
        Assert.Equal(ScriptRunStatus.Failed, failed.Output!.Report.Status);

        TurnStart turn = await this.Runs.ContinueRunAsync(first, new ContinueRequest([
            "const r = await tools.record({ what: 'a' }); const s = await tools.add({ a: 1, b: 2 }); const t = await tools.record({ what: 'b' }); return [r.seq, s.sum, t.seq];"]));
        string id = turn.RunInstanceIds[0];
        RunStatus waiting = await this.WaitForPendingAsync(id, 3);
        PendingCall pending = Assert.Single(waiting.Pending);
        Assert.Equal(3, pending.CallId);
        Assert.Equal(2, waiting.Reused);

        await this.Runs.DecideAsync(id, 3, Approve("carol"));
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        // The reused call returns what the earlier run recorded (its call id there was 1).
        Assert.Equal("[1,3,3]", done.Output.Report.Result!.Value.GetRawText());
        var approval = Assert.Single(done.Output.Approvals);
        Assert.Equal(3, approval.CallId);
        Assert.Equal("carol", approval.Decision!.DecidedBy);
        Assert.Equal([3], this.Fixture.Ledger.For(id).Select(c => c.Invocation.CallId));
    }

    [Fact]
    public async Task A_continued_run_continued_again_reuses_the_calls_it_reused_itself()
    {
        RunView a = await this.RunToEndAsync("await tools.add({ a: 1, b: 1 }); await tools.add({ a: 2, b: 2 }); nope();");
        TurnStart bTurn = await this.Runs.ContinueRunAsync(a.InstanceId, new ContinueRequest([
            "await tools.add({ a: 1, b: 1 }); await tools.add({ a: 2, b: 2 }); await tools.add({ a: 3, b: 3 }); nope();"]));
        RunView b = await this.WaitForEndAsync(bTurn.RunInstanceIds[0]);
        Assert.Equal(ScriptRunStatus.Failed, b.Output!.Report.Status);

        TurnStart cTurn = await this.Runs.ContinueRunAsync(b.InstanceId, new ContinueRequest([
            "let s = 0; for (let i = 1; i <= 4; i++) { s += (await tools.add({ a: i, b: i })).sum; } return s;"]));
        RunView c = await this.WaitForEndAsync(cTurn.RunInstanceIds[0]);

        Assert.Equal(20, c.Output!.Report.Result!.Value.GetDouble());
        Assert.Equal([true, true, true, false], c.Output.Report.Calls.Select(x => x.Reused));
        Assert.Equal(2, this.Fixture.Ledger.For(a.InstanceId).Count);
        Assert.Equal([3], this.Fixture.Ledger.For(b.InstanceId).Select(x => x.Invocation.CallId));
        Assert.Equal([4], this.Fixture.Ledger.For(c.InstanceId).Select(x => x.Invocation.CallId));
        Assert.Equal(b.InstanceId, c.ContinuedFrom);
    }

    [Fact]
    public async Task Continuing_twice_with_the_same_script_starts_one_turn()
    {
        RunView failed = await this.RunToEndAsync(Broken);

        TurnStart first = await this.Runs.ContinueRunAsync(failed.InstanceId, new ContinueRequest([Fixed]));
        TurnStart again = await this.Runs.ContinueRunAsync(failed.InstanceId, new ContinueRequest([Fixed]));

        Assert.False(first.AlreadyStarted);
        Assert.True(again.AlreadyStarted);
        Assert.Equal(first.TurnInstanceId, again.TurnInstanceId);
        await this.WaitForEndAsync(first.RunInstanceIds[0]);
    }

    [Fact]
    public async Task A_run_that_has_not_finished_is_refused_with_run_not_finished_and_an_unknown_one_with_not_found()
    {
        string paused = await this.StartAsync("await tools.record({ what: 'x' });");
        await this.WaitForPendingAsync(paused, 1);

        ScriptRunClientException running = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.ContinueRunAsync(paused, new ContinueRequest(["return 1;"])));
        Assert.Equal(ClientErrorCode.RunNotFinished, running.Code);

        ScriptRunClientException unknown = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.ContinueRunAsync("sh-00000000000000000000-b0", new ContinueRequest(["return 1;"])));
        Assert.Equal(ClientErrorCode.NotFound, unknown.Code);

        ScriptRunClientException turn = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.ContinueRunAsync(RunIdsOf(paused), new ContinueRequest(["return 1;"])));
        Assert.Equal(ClientErrorCode.NotFound, turn.Code);

        await this.Runs.TerminateAsync(paused, new ScriptHarness.Orchestrations.Events.TerminateRequest());
        RunView ended = await this.WaitForEndAsync(paused);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, ended.RuntimeStatus);
        ScriptRunClientException noScript = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.ContinueRunAsync(paused, new ContinueRequest([" "])));
        Assert.Equal(ClientErrorCode.InvalidRequest, noScript.Code);
    }

    [Fact]
    public async Task The_list_shows_which_run_a_run_continues()
    {
        RunView failed = await this.RunToEndAsync(Broken);
        TurnStart turn = await this.Runs.ContinueRunAsync(failed.InstanceId, new ContinueRequest([Fixed]));
        await this.WaitForEndAsync(turn.RunInstanceIds[0]);

        string conversation = (await this.Runs.GetTurnInputAsync(RunIdsOf(failed.InstanceId)))!.ConversationId;
        RunListPage page = await this.Runs.ListRunsAsync(new RunListQuery { ConversationId = conversation });
        RunListItem continued = Assert.Single(page.Items, i => i.InstanceId == turn.RunInstanceIds[0]);
        Assert.Equal(failed.InstanceId, continued.ContinuedFrom);
        Assert.Null(Assert.Single(page.Items, i => i.InstanceId == failed.InstanceId).ContinuedFrom);
    }

    private static string RunIdsOf(string runId) => ScriptHarness.Orchestrations.Runs.RunIds.TurnOf(runId);
}
