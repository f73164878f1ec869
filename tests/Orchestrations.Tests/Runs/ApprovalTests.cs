using System.Text.Json;
using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

[Collection(HarnessCollection.Name)]
public class ApprovalTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task F11_an_approval_gated_call_pauses_until_approved_then_runs_once()
    {
        string id = await this.StartAsync("const r = await tools.record({ what: 'x' }); return r.recorded;");

        RunStatus waiting = await this.WaitForPendingAsync(id, 1);
        Assert.Equal(RunPhase.AwaitingApproval, waiting.Phase);
        PendingCall pending = Assert.Single(waiting.Pending);
        Assert.Equal("record", pending.Tool);
        Assert.Contains("does not declare what it does", pending.Reason, StringComparison.Ordinal);
        Assert.Contains("\"what\"", pending.Args, StringComparison.Ordinal);
        Assert.Equal(0, this.Fixture.Ledger.Count(id, "record"));

        Assert.Equal(DecisionOutcome.Delivered, await this.Runs.DecideAsync(id, 1, Approve()));
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.True(done.Output.Report.Result!.Value.GetBoolean());
        Assert.Equal(1, this.Fixture.Ledger.Count(id, "record"));
        CallApproval audit = Assert.Single(done.Output.Approvals);
        Assert.Equal(ApprovalAction.Ask, audit.Policy);
        Assert.Equal("alice", audit.Decision!.DecidedBy);
        Assert.Equal(DecisionVerdict.Approve, audit.Decision.Verdict);
    }

    [Fact]
    public async Task F12_a_denial_rejects_with_ApprovalDenied_carrying_the_reason_and_the_script_catches_it_and_continues()
    {
        string id = await this.StartAsync("""
            let caught;
            try { await tools.record({}); } catch (e) { caught = { code: e.code, message: e.message }; }
            const after = await tools.add({ a: 1, b: 1 });
            return { caught, after: after.sum };
            """);

        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Deny("touches prod data"));
        RunView done = await this.WaitForEndAsync(id);

        JsonElement result = done.Output!.Report.Result!.Value;
        Assert.Equal("approval-denied", result.GetProperty("caught").GetProperty("code").GetString());
        Assert.Contains("touches prod data", result.GetProperty("caught").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("bob", result.GetProperty("caught").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, result.GetProperty("after").GetDouble());
        Assert.Equal(ToolCallStatus.Denied, done.Output.Report.Calls[0].Status);
        Assert.Equal(0, this.Fixture.Ledger.Count(id, "record"));
    }

    [Fact]
    public async Task An_uncaught_denial_fails_the_script_but_completes_the_orchestration_with_a_report()
    {
        string id = await this.StartAsync("await tools.record({}); return 'unreachable';");
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Deny());
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ScriptRunStatus.Failed, done.Output!.Report.Status);
        Assert.Equal(ScriptHarness.ScriptRuntime.Errors.ScriptErrorCode.ApprovalDenied, done.Output.Report.Error!.Code);
    }

    [Fact]
    public async Task An_approval_expires_by_durable_timer_and_the_promise_rejects_with_ApprovalExpired()
    {
        RunView done = await this.RunToEndAsync(
            "try { await tools.record({}); return 'ran'; } catch (e) { return e.code; }",
            r => r with { ApprovalExpiry = TimeSpan.FromSeconds(1) });

        Assert.Equal("approval-expired", done.Output!.Report.Result!.Value.GetString());
        Assert.Equal(ToolCallStatus.TimedOut, done.Output.Report.Calls[0].Status);
        Assert.True(Assert.Single(done.Output.Approvals).Expired);
        Assert.Equal(0, this.Fixture.Ledger.Count(done.InstanceId, "record"));
    }

    [Fact]
    public async Task A_decided_run_does_not_stay_open_for_the_expiry_because_the_timer_is_cancelled()
    {
        // Expiry of a day: if the timer stayed open the orchestration could not complete.
        string id = await this.StartAsync("await tools.record({}); return 'done';");
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Approve());
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }

    [Fact]
    public async Task A_policy_denial_rejects_at_once_without_asking_or_running()
    {
        RunView done = await this.RunToEndAsync("try { await tools.deploy({ env: 'prod' }); } catch (e) { return e.message; }");
        Assert.Contains("nobody deploys to prod from a script", done.Output!.Report.Result!.Value.GetString(), StringComparison.Ordinal);
        Assert.Equal(0, this.Fixture.Ledger.Count(done.InstanceId, "deploy"));
        Assert.Equal(ApprovalAction.Deny, Assert.Single(done.Output.Approvals).Policy);
    }

    [Fact]
    public async Task A_scope_run_approval_covers_pending_and_later_calls_that_asked_for_the_same_reason()
    {
        string id = await this.StartAsync("""
            const first = await Promise.all([tools.record({ n: 1 }), tools.record({ n: 2 })]);
            const later = await tools.record({ n: 3 });
            return first.length + 1;
            """);

        await this.WaitForPendingAsync(id, 1);
        await this.WaitForPendingAsync(id, 2);
        await this.Runs.DecideAsync(id, 1, Approve(scope: DecisionScope.Run));
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(3, done.Output!.Report.Result!.Value.GetDouble());
        Assert.Equal(3, this.Fixture.Ledger.Count(id, "record"));
        Assert.Equal([null, 1, 1], done.Output.Approvals.Select(a => a.DecidedViaCall));
        Assert.All(done.Output.Approvals, a => Assert.Equal("alice", a.Decision!.DecidedBy));
    }

    [Fact]
    public async Task Pending_approvals_are_decided_in_any_order_several_in_one_request()
    {
        string id = await this.StartAsync("""
            const results = await Promise.allSettled([tools.record({ n: 1 }), tools.record({ n: 2 }), tools.record({ n: 3 })]);
            return results.map(r => r.status);
            """);
        for (int call = 1; call <= 3; call++)
        {
            await this.WaitForPendingAsync(id, call);
        }

        IReadOnlyList<DecisionOutcome> outcomes = await this.Runs.DecideManyAsync(id, [(3, Approve()), (1, Deny()), (2, Approve())]);
        Assert.All(outcomes, o => Assert.Equal(DecisionOutcome.Delivered, o));
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(["rejected", "fulfilled", "fulfilled"], done.Output!.Report.Result!.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([2, 3], this.Fixture.Ledger.For(id).Select(c => c.Invocation.CallId));
    }

    [Fact]
    public async Task A_decision_raised_before_the_script_asks_is_kept_and_used_when_it_asks()
    {
        string id = await this.StartAsync("""
            await tools.wait({ gate: 'early-decision' });
            const r = await tools.record({});
            return r.recorded;
            """);
        await this.Fixture.Gates.WhenEnteredAsync("early-decision");

        // Raw event: the client refuses decisions for calls that do not wait yet.
        await this.Fixture.Durable.RaiseEventAsync(id, RunEvents.Approval(2), Approve("early-bird"));
        this.Fixture.Gates.Release("early-decision");
        RunView done = await this.WaitForEndAsync(id);

        Assert.True(done.Output!.Report.Result!.Value.GetBoolean());
        Assert.Equal("early-bird", Assert.Single(done.Output.Approvals).Decision!.DecidedBy);
    }

    [Fact]
    public async Task A_conflicting_decision_is_refused_and_the_same_decision_twice_is_a_no_op()
    {
        string id = await this.StartAsync("""
            await tools.record({ n: 1 });
            await tools.wait({ gate: 'conflict-hold' });
            return 'ok';
            """);
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Approve());
        await this.Fixture.Gates.WhenEnteredAsync("conflict-hold");

        Assert.Equal(DecisionOutcome.AlreadyDecided, await this.Runs.DecideAsync(id, 1, Approve("someone-else")));
        ScriptRunClientException conflict = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.DecideAsync(id, 1, Deny()));
        Assert.Equal(ClientErrorCode.DecisionConflict, conflict.Code);
        Assert.Equal("decision-conflict", conflict.StableCode);
        ScriptRunClientException unknown = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.DecideAsync(id, 7, Approve()));
        Assert.Equal(ClientErrorCode.UnknownCall, unknown.Code);

        this.Fixture.Gates.Release("conflict-hold");
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal("alice", Assert.Single(done.Output!.Approvals).Decision!.DecidedBy);
        ScriptRunClientException finished = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.DecideAsync(id, 1, Deny()));
        Assert.Equal(ClientErrorCode.DecisionConflict, finished.Code);
    }

    [Fact]
    public async Task A_host_resolved_tool_waits_for_its_posted_result()
    {
        string id = await this.StartAsync("const answer = await tools.askUser({ question: 'Which branch?' }); return answer;");
        RunStatus waiting = await this.WaitForPendingAsync(id, 1, PendingKind.Result);
        Assert.Equal(RunPhase.AwaitingResult, waiting.Phase);

        await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.DecideAsync(id, 1, Approve()));
        await this.Runs.PostResultAsync(id, 1, new HostResult(JsonSerializer.SerializeToElement("main"), DecidedBy: "carol"));
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal("main", done.Output!.Report.Result!.Value.GetString());
        await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.PostResultAsync(id, 1, new HostResult(null, "late")));
    }

    [Fact]
    public async Task A_result_event_without_a_payload_settles_the_host_resolved_call_with_null()
    {
        // Before the one external wait, an empty payload left the call waiting for an interrupt forever.
        string id = await this.StartAsync("const answer = await tools.askUser({ question: 'Which branch?' }); return answer === null ? 'was-null' : 'other';");
        await this.WaitForPendingAsync(id, 1, PendingKind.Result);

        await this.Fixture.Durable.RaiseEventAsync(id, RunEvents.Result(1), eventPayload: null);
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal("was-null", done.Output.Report.Result!.Value.GetString());
    }

    [Fact]
    public async Task The_history_records_who_approved_which_call()
    {
        string id = await this.StartAsync("await tools.record({ target: 'audit' }); return 1;");
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Approve("dave"));
        await this.WaitForEndAsync(id);

        var history = await this.Runs.GetHistoryAsync(id);
        var raised = Assert.Single(history, e => e.Type == "eventRaised" && e.Name == RunEvents.Approval(1));
        Assert.Equal("dave", raised.Payload!["DecidedBy"]!.GetValue<string>());
        Assert.Equal("key-1", raised.Payload!["KeyId"]!.GetValue<string>());
        var scheduled = Assert.Single(history, e => e.Type == "taskScheduled" && e.Name == "record");
        // DTFx wraps activity inputs in an array.
        var invocation = scheduled.Input is System.Text.Json.Nodes.JsonArray wrapped ? wrapped[0]! : scheduled.Input!;
        Assert.True(invocation["CallSeq"] is not null, scheduled.Input!.ToJsonString());
        Assert.Equal(1, invocation["CallSeq"]!.GetValue<int>());
        Assert.Equal("audit", invocation["Args"]!["target"]!.GetValue<string>());
        Assert.True(raised.Sequence < scheduled.Sequence);
    }
}

[Collection(HarnessCollection.Name)]
public class ApprovalPolicyInRunTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task Pending_arguments_in_custom_status_are_cut_to_2_KiB_and_the_history_keeps_them_whole()
    {
        string big = new('x', 10_000);
        string id = await this.StartAsync($"await tools.record({{ blob: '{big}' }}); return 1;");
        RunStatus waiting = await this.WaitForPendingAsync(id, 1);
        PendingCall pending = Assert.Single(waiting.Pending);
        Assert.True(pending.ArgsTruncated);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(pending.Args) <= 2048);

        await this.Runs.DecideAsync(id, 1, Approve());
        await this.WaitForEndAsync(id);
        Assert.Equal(big, this.Fixture.Ledger.ArgsOf(id, "record")!.Value.GetProperty("blob").GetString());
    }

    [Fact]
    public async Task A_turn_policy_in_mode_never_denies_at_once_what_would_ask()
    {
        RunView done = await this.RunToEndAsync(
            "try { await tools.record({}); return 'ran'; } catch (e) { return e.code; }",
            r => r with { Policy = new ApprovalPolicy { Mode = ApprovalMode.Never } });
        Assert.Equal("approval-denied", done.Output!.Report.Result!.Value.GetString());
        Assert.Equal(0, this.Fixture.Ledger.Count(done.InstanceId, "record"));
    }

    [Fact]
    public async Task A_scope_run_denial_denies_the_later_matching_calls_without_asking_again()
    {
        string id = await this.StartAsync("""
            const codes = [];
            for (let i = 0; i < 3; i++) { try { await tools.record({ i }); codes.push('ok'); } catch (e) { codes.push(e.code); } }
            return codes;
            """);
        await this.WaitForPendingAsync(id, 1);
        await this.Runs.DecideAsync(id, 1, Deny(scope: DecisionScope.Run));
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(["approval-denied", "approval-denied", "approval-denied"], done.Output!.Report.Result!.Value.EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, this.Fixture.Ledger.Count(id, "record"));
        Assert.Equal([null, 1, 1], done.Output.Approvals.Select(a => a.DecidedViaCall));
    }
}

[Collection(HarnessCollection.Name)]
public class LateDecisionTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task A_decision_that_arrives_after_the_expiry_is_recorded_in_the_history_and_ignored()
    {
        string id = await this.StartAsync(
            """
            let first;
            try { await tools.record({}); first = 'ran'; } catch (e) { first = e.code; }
            await tools.wait({ gate: 'late-decision-hold' });
            return first;
            """,
            r => r with { ApprovalExpiry = TimeSpan.FromSeconds(1) });
        await this.Fixture.Gates.WhenEnteredAsync("late-decision-hold");

        ScriptRunClientException refused = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.DecideAsync(id, 1, Approve()));
        Assert.Equal(ClientErrorCode.DecisionConflict, refused.Code);
        await this.Fixture.Durable.RaiseEventAsync(id, RunEvents.Approval(1), Approve("too-late"));
        using (CancellationTokenSource timeout = new(Patience))
        {
            while (!(await this.Runs.GetHistoryAsync(id, timeout.Token)).Any(e => e.Type == "eventRaised" && e.Name == RunEvents.Approval(1)))
            {
                await Task.Delay(25, timeout.Token);
            }
        }

        this.Fixture.Gates.Release("late-decision-hold");
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal("approval-expired", done.Output!.Report.Result!.Value.GetString());
        Assert.Equal(0, this.Fixture.Ledger.Count(id, "record"));
        Assert.True(Assert.Single(done.Output.Approvals).Expired);
    }

    [Fact]
    public async Task Two_different_decisions_posted_at_once_deliver_one_and_refuse_the_other_as_a_conflict()
    {
        string id = await this.StartAsync("try { await tools.record({ n: 1 }); return 'ran'; } catch (e) { return e.code; }");
        await this.WaitForPendingAsync(id, 1);

        // Both requests see the call pending; only one may be delivered.
        Task<DecisionOutcome> approve = Task.Run(() => this.Runs.DecideAsync(id, 1, Approve()));
        Task<DecisionOutcome> deny = Task.Run(() => this.Runs.DecideAsync(id, 1, Deny()));
        Exception? approveError = await Record.ExceptionAsync(() => approve);
        Exception? denyError = await Record.ExceptionAsync(() => deny);

        Exception refused = Assert.Single(new[] { approveError, denyError }.OfType<Exception>());
        Assert.Equal(ClientErrorCode.DecisionConflict, Assert.IsType<ScriptRunClientException>(refused).Code);
        bool approvedWon = approveError is null;
        Assert.Equal(DecisionOutcome.Delivered, await (approvedWon ? approve : deny));

        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal(approvedWon ? "ran" : "approval-denied", done.Output!.Report.Result!.Value.GetString());
        Assert.Equal(approvedWon ? DecisionVerdict.Approve : DecisionVerdict.Deny, Assert.Single(done.Output.Approvals).Decision!.Verdict);
    }

    [Fact]
    public async Task The_same_decision_posted_twice_at_once_is_delivered_once()
    {
        string id = await this.StartAsync("await tools.record({ n: 1 }); return 'ran';");
        await this.WaitForPendingAsync(id, 1);

        DecisionOutcome[] outcomes = await Task.WhenAll(
            Task.Run(() => this.Runs.DecideAsync(id, 1, Approve())),
            Task.Run(() => this.Runs.DecideAsync(id, 1, Approve())));

        Assert.Equal([DecisionOutcome.Delivered, DecisionOutcome.AlreadyDecided], outcomes.Order());
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal("ran", done.Output!.Report.Result!.Value.GetString());
        Assert.Equal(1, this.Fixture.Ledger.Count(id, "record"));
    }
}
