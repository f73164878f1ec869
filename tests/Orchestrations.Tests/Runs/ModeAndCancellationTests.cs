using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

[Collection(HarnessCollection.Name)]
public class ModeAndCancellationTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task S20_dry_run_answers_every_call_with_its_dry_run_result_runs_nothing_and_reports_what_the_policy_would_decide()
    {
        RunView done = await this.RunToEndAsync(
            """
            const a = await tools.record({});
            const b = await tools.add({ a: 1, b: 2 });
            let denied = 'no';
            try { await tools.deploy({ env: 'prod' }); denied = 'answered'; } catch (e) { denied = e.code; }
            return { a, b, denied, mode: context.mode };
            """,
            r => r with { Mode = FeatureMode.DryRun });

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.True(done.Output.DryRun);
        Assert.Empty(this.Fixture.Ledger.For(done.InstanceId));
        System.Text.Json.JsonElement result = done.Output.Report.Result!.Value;
        Assert.False(result.GetProperty("a").GetProperty("recorded").GetBoolean());
        Assert.Equal(0, result.GetProperty("b").GetProperty("sum").GetDouble());
        Assert.Equal("answered", result.GetProperty("denied").GetString());
        Assert.Equal("dry-run", result.GetProperty("mode").GetString());
        Assert.Equal([ApprovalAction.Ask, ApprovalAction.Allow, ApprovalAction.Deny], done.Output.Approvals.Select(a => a.Policy));
    }

    [Fact]
    public async Task Graceful_termination_mid_run_cancels_the_running_call_and_the_waiting_approval_and_reports_them()
    {
        string id = await this.StartAsync("""
            const running = tools.wait({ gate: 'terminate-hold' });
            const asking = tools.record({});
            await Promise.all([running, asking]);
            return 'unreachable';
            """);
        await this.WaitForPendingAsync(id, 2);
        await this.Fixture.Gates.WhenEnteredAsync("terminate-hold");

        await this.Runs.TerminateAsync(id, new TerminateRequest("user pressed stop", "erin"));
        RunView done = await this.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ScriptRunStatus.Cancelled, done.Output!.Report.Status);
        Assert.Contains("user pressed stop", done.Output.Report.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("erin", done.Output.TerminatedBy);
        Assert.All(done.Output.Report.Calls, c => Assert.Equal(ToolCallStatus.Cancelled, c.Status));
        Assert.True(Assert.Single(done.Output.Approvals).Cancelled);
        Assert.Equal(0, this.Fixture.Ledger.Count(id, "record"));
    }

    [Fact]
    public async Task S17_an_unawaited_call_is_cancelled_through_the_side_channel_and_reported_when_the_script_returns()
    {
        RunView done = await this.RunToEndAsync("""
            tools.wait({ gate: 'never-released' });
            await tools.add({ a: 1, b: 1 });
            return 'returned early';
            """);

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal("returned early", done.Output.Report.Result!.Value.GetString());
        Assert.Equal([ToolCallStatus.Cancelled, ToolCallStatus.Ok], done.Output.Report.Calls.Select(c => c.Status));
        Assert.Equal(1, this.Fixture.Ledger.Count(done.InstanceId, "wait"));
    }

    [Fact]
    public async Task F27_when_the_script_hits_a_limit_the_completed_calls_are_still_in_the_report()
    {
        // The tool-call budget is the limit a script reaches deterministically: set it low.
        string id = await this.StartWithLimitAsync("for (let i = 0; i < 10; i++) { await tools.add({ a: i, b: 1 }); } return 'done';", maxToolCalls: 3);
        RunView limited = await this.WaitForEndAsync(id);
        Assert.Equal(ScriptRunStatus.Failed, limited.Output!.Report.Status);
        Assert.Equal(ScriptErrorCode.LimitExceeded, limited.Output.Report.Error!.Code);
        Assert.Equal(3, limited.Output.Report.Calls.Count(c => c.Status == ToolCallStatus.Ok));
    }

    [Fact]
    public async Task F18_dry_run_returns_a_validation_report_and_executes_nothing()
    {
        RunView done = await this.RunToEndAsync(
            "await tools.record({}); await tools.add({ a: 2, b: 3 }); return 'checked';",
            r => r with { Mode = FeatureMode.DryRun });

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.True(done.Output.DryRun);
        Assert.Equal([(1, "record"), (2, "add")], done.Output.Approvals.Select(a => (a.CallId, a.Tool)));
        Assert.All(done.Output.Approvals, a => Assert.False(string.IsNullOrEmpty(a.PolicyReason)));
        Assert.Empty(this.Fixture.Ledger.For(done.InstanceId));
    }

    [Fact]
    public async Task A_disabled_host_refuses_to_start_a_turn()
    {
        ScriptRunClientException refused = await Assert.ThrowsAsync<ScriptRunClientException>(
            () => this.Runs.StartTurnAsync(this.TurnIn("return 1;") with { Mode = FeatureMode.Disabled }));
        Assert.Equal(ClientErrorCode.InvalidRequest, refused.Code);
    }

    private async Task<string> StartWithLimitAsync(string script, int maxToolCalls)
    {
        // A run input with its own limits, scheduled as the client would.
        ScriptHarness.Orchestrations.Runs.ScriptRunInput input = new(script, new ScriptHarness.Orchestrations.Runs.RunContext("c", $"t-{Guid.NewGuid():N}", 0, this.Fixture.Workspace))
        {
            Limits = new ScriptHarness.ScriptRuntime.Limits.ScriptLimits { MaxToolCalls = maxToolCalls },
            HostPolicy = new ApprovalPolicy { Rules = [new ApprovalRule { Tool = "add", Action = ApprovalAction.Allow }] },
        };
        string id = $"limit-{Guid.NewGuid():N}";
        await this.Fixture.Durable.ScheduleNewOrchestrationInstanceAsync(
            ScriptHarness.Orchestrations.Runs.OrchestratorNames.ScriptRun,
            input,
            new Microsoft.DurableTask.StartOrchestrationOptions(id) { Version = ScriptHarness.Orchestrations.Runs.ReplayContract.CurrentVersion });
        return id;
    }
}
