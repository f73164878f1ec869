using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Turns;

[Collection(HarnessCollection.Name)]
public class ScriptTurnTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task F20_the_blocks_of_a_turn_run_in_order_one_after_another()
    {
        TurnRequest request = this.TurnIn(
            "await tools.add({ a: 1, b: 0 }); return 'first';",
            "await tools.add({ a: 2, b: 0 }); return 'second';",
            "await tools.add({ a: 3, b: 0 }); return 'third';");
        TurnStart started = await this.Runs.StartTurnAsync(request);
        ScriptTurnOutput output = await this.WaitForTurnAsync(started.TurnInstanceId);

        Assert.Equal(["first", "second", "third"], output.Runs.Select(r => r.Output!.Report.Result!.Value.GetString()));
        Assert.Equal(started.RunInstanceIds, output.Runs.Select(r => r.InstanceId));
        RunView[] runs = await Task.WhenAll(started.RunInstanceIds.Select(id => this.Runs.GetRunAsync(id)!)).ContinueWith(t => t.Result.Select(r => r!).ToArray());
        Assert.True(runs[0].CreatedAt <= runs[1].CreatedAt && runs[1].CreatedAt <= runs[2].CreatedAt);
    }

    [Fact]
    public async Task A_failing_block_stops_the_turn_and_the_blocks_after_it_are_reported_not_run()
    {
        TurnStart started = await this.Runs.StartTurnAsync(this.TurnIn(
            "return 1;",
            "throw new Error('block two breaks');",
            "await tools.record({}); return 3;"));
        ScriptTurnOutput output = await this.WaitForTurnAsync(started.TurnInstanceId);

        Assert.Equal([ScriptRunStatus.Completed, ScriptRunStatus.Failed, ScriptRunStatus.NotRun], output.Runs.Select(r => r.Status));
        Assert.Null(await this.Runs.GetRunAsync(started.RunInstanceIds[2]));
    }

    [Fact]
    public async Task Of_six_concurrent_triggers_of_one_new_turn_exactly_one_is_told_it_started_it()
    {
        TurnRequest request = this.TurnIn("await tools.add({ a: 2, b: 3 }); return 'raced';");

        TurnStart[] starts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => this.Runs.StartTurnAsync(request))));
        await this.WaitForTurnAsync(starts[0].TurnInstanceId);

        Assert.Single(starts, s => !s.AlreadyStarted);
        Assert.All(starts, s => Assert.Equal(starts[0].RunInstanceIds, s.RunInstanceIds));
        Assert.Equal(1, this.Fixture.Ledger.Count(starts[0].RunInstanceIds[0], "add"));
    }

    [Fact]
    public async Task A_repeated_trigger_of_a_finished_turn_returns_the_same_instances_and_runs_nothing_again()
    {
        TurnRequest request = this.TurnIn("await tools.add({ a: 5, b: 5 }); return 'once';");
        TurnStart first = await this.Runs.StartTurnAsync(request);
        await this.WaitForTurnAsync(first.TurnInstanceId);

        TurnStart again = await this.Runs.StartTurnAsync(request);

        Assert.True(again.AlreadyStarted);
        Assert.Equal(first.TurnInstanceId, again.TurnInstanceId);
        Assert.Equal(first.RunInstanceIds, again.RunInstanceIds);
        Assert.Equal(1, this.Fixture.Ledger.Count(first.RunInstanceIds[0], "add"));
    }

    [Fact]
    public async Task The_same_turn_with_different_scripts_is_a_conflict()
    {
        TurnRequest request = this.TurnIn("return 1;");
        await this.Runs.StartTurnAsync(request);
        ScriptRunClientException conflict = await Assert.ThrowsAsync<ScriptRunClientException>(
            () => this.Runs.StartTurnAsync(request with { Scripts = ["return 2;"] }));
        Assert.Equal(ClientErrorCode.TurnConflict, conflict.Code);
    }

    [Fact]
    public async Task Terminating_a_turn_stops_its_current_block_with_a_report_and_skips_the_rest()
    {
        TurnStart started = await this.Runs.StartTurnAsync(this.TurnIn("await tools.record({}); return 1;", "return 2;"));
        await this.WaitForPendingAsync(started.RunInstanceIds[0], 1);
        await this.Runs.TerminateAsync(started.TurnInstanceId, new TerminateRequest("stop the turn", "frank"));
        ScriptTurnOutput output = await this.WaitForTurnAsync(started.TurnInstanceId);

        Assert.Equal([ScriptRunStatus.Cancelled, ScriptRunStatus.NotRun], output.Runs.Select(r => r.Status));
        Assert.Equal("frank", output.Runs[0].Output!.TerminatedBy);
    }

    [Fact]
    public async Task Bad_turn_requests_are_refused_with_invalid_request()
    {
        ScriptRunClientException noWorkspace = await Assert.ThrowsAsync<ScriptRunClientException>(
            () => this.Runs.StartTurnAsync(Turn("return 1;") with { Workspace = "relative/path" }));
        Assert.Equal(ClientErrorCode.InvalidRequest, noWorkspace.Code);
        await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartTurnAsync(this.TurnIn()));
        await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartTurnAsync(this.TurnIn("return 1;") with { ConversationId = " " }));
        ScriptRunClientException missing = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.DecideAsync("sh-nope", 1, Approve()));
        Assert.Equal(ClientErrorCode.NotFound, missing.Code);
    }

    [Fact]
    public async Task A_turn_over_the_block_cap_is_refused_with_limit_exceeded_and_schedules_nothing()
    {
        TurnRequest request = this.TurnIn([.. Enumerable.Range(0, 1500).Select(i => $"return {i};")]);

        ScriptRunClientException refused = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartTurnAsync(request));

        Assert.Equal(ClientErrorCode.LimitExceeded, refused.Code);
        Assert.Equal("limit-exceeded", refused.StableCode);
        Assert.Equal(ScriptRunClient.BlocksPerTurnLimit, refused.Limit);
        Assert.Null(await this.Runs.GetRunAsync(RunIds.Turn(request.ConversationId, request.TurnId)));
        Assert.Null(await this.Runs.GetRunAsync(RunIds.Run(request.ConversationId, request.TurnId, 0)));

        TurnStart sixteen = await this.Runs.StartTurnAsync(this.TurnIn([.. Enumerable.Range(0, 16).Select(i => $"return {i};")]));
        Assert.Equal(16, sixteen.RunInstanceIds.Count);
    }

    [Theory]
    [InlineData(5000)]
    [InlineData(129)]
    public async Task An_id_too_long_to_name_a_run_is_refused_with_invalid_request(int length)
    {
        string id = "sh-" + new string('a', length - 3);
        ScriptRunClientException lookup = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.GetRunAsync(id));
        Assert.Equal(ClientErrorCode.InvalidRequest, lookup.Code);
        Assert.Contains("at most 128", lookup.Message, StringComparison.Ordinal);
        ScriptRunClientException decide = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.DecideAsync(id, 1, Approve()));
        Assert.Equal(ClientErrorCode.InvalidRequest, decide.Code);
        ScriptRunClientException terminate = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.TerminateAsync(id, new TerminateRequest("r", "me")));
        Assert.Equal(ClientErrorCode.InvalidRequest, terminate.Code);
    }

    [Theory]
    [InlineData("sh-x\0")]
    [InlineData("sh-\u001b[2K")]
    [InlineData("sh-\u202e")]
    [InlineData("sh x")]
    public async Task An_id_with_characters_no_run_id_holds_is_refused_with_invalid_request(string escaped)
    {
        string id = System.Text.RegularExpressions.Regex.Unescape(escaped);
        ScriptRunClientException refused = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.GetRunAsync(id));
        Assert.Equal(ClientErrorCode.InvalidRequest, refused.Code);
        Assert.Contains(InstanceIdRules.AllowedCharacters, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_workspace_with_a_NUL_and_overlong_ids_are_refused_before_anything_starts()
    {
        ScriptRunClientException nul = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartTurnAsync(this.TurnIn("return 1;") with { Workspace = this.Fixture.Workspace + "\0x" }));
        Assert.Equal(ClientErrorCode.InvalidRequest, nul.Code);
        ScriptRunClientException longTurn = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartTurnAsync(this.TurnIn("return 1;") with { TurnId = new string('t', 5000) }));
        Assert.Contains("turnId is 5000 characters long", longTurn.Message, StringComparison.Ordinal);
        ScriptRunClientException control = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.StartTurnAsync(this.TurnIn("return 1;") with { ConversationId = "c\u001b[2K" }));
        Assert.Contains("control characters", control.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_starts_its_runs_on_the_newest_contract_with_the_tool_list_recorded_in_their_input()
    {
        TurnStart started = await this.Runs.StartTurnAsync(this.TurnIn("return 1;"));
        await this.WaitForTurnAsync(started.TurnInstanceId);

        OrchestrationMetadata? run = await this.Fixture.Durable.GetInstanceAsync(started.RunInstanceIds[0], getInputsAndOutputs: true);
        ScriptRunInput input = run!.ReadInputAs<ScriptRunInput>()!;
        Assert.Equal(this.Fixture.Services.GetRequiredService<ScriptHarness.Activities.Registry.ToolRegistry>().Names, input.Tools);
        foreach (string id in new[] { started.TurnInstanceId, started.RunInstanceIds[0] })
        {
            var history = await this.Runs.GetHistoryAsync(id);
            Assert.Equal(ReplayContract.CurrentVersion, history.First(e => e.Type == "executionStarted").Version);
        }
    }

    [Fact]
    public async Task A_run_of_no_shipped_replay_contract_fails_with_a_clear_version_error()
    {
        // A package version, as runs carried before replay contracts: older than contract 1 by
        // the versioning middleware's comparison, so the orchestrator sees it and refuses it.
        string id = $"old-{Guid.NewGuid():N}";
        ScriptRunInput input = new("return 1;", new RunContext("c", "t", 0, this.Fixture.Workspace));
        await this.Fixture.Durable.ScheduleNewOrchestrationInstanceAsync(OrchestratorNames.ScriptRun, input, new StartOrchestrationOptions(id) { Version = "0.0.1" });
        RunView view = await this.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, view.RuntimeStatus);
        Assert.Equal(RunFailure.VersionMismatchCode, view.Failure!.Code);
        Assert.Contains("'0.0.1' names no replay contract", view.Failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_of_a_newer_replay_contract_is_left_for_a_newer_worker_instead_of_failed()
    {
        string id = $"newer-{Guid.NewGuid():N}";
        ScriptRunInput input = new("return 1;", new RunContext("c", "t", 0, this.Fixture.Workspace));
        string newer = ReplayContract.VersionOf(ReplayContract.Current + 1);
        await this.Fixture.Durable.ScheduleNewOrchestrationInstanceAsync(OrchestratorNames.ScriptRun, input, new StartOrchestrationOptions(id) { Version = newer });

        // The worker abandons the work item each time it is offered (abandon delay 200 ms): after
        // several offers the run has neither failed nor run.
        await Task.Delay(TimeSpan.FromSeconds(1));
        OrchestrationMetadata? state = await this.Fixture.Durable.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, state!.RuntimeStatus);
        await this.Fixture.Durable.TerminateInstanceAsync(id);
    }

    [Fact]
    public async Task A_run_started_with_a_tool_the_worker_lacks_fails_naming_it()
    {
        string id = $"tools-{Guid.NewGuid():N}";
        ScriptRunInput input = new("return 1;", new RunContext("c", "t", 0, this.Fixture.Workspace)) { Tools = ["add", "retiredTool"] };
        await this.Fixture.Durable.ScheduleNewOrchestrationInstanceAsync(OrchestratorNames.ScriptRun, input, new StartOrchestrationOptions(id));
        RunView view = await this.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, view.RuntimeStatus);
        Assert.Contains("retiredTool", view.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_whose_orchestration_fails_is_reported_with_our_failure_code_and_stops_the_turn()
    {
        string turnId = $"sh-direct-{Guid.NewGuid():N}";
        RunContext context = new("c", "t", 0, this.Fixture.Workspace);
        ScriptTurnInput input = new("c", "t", [
            new ScriptRunInput("return 1;", context) { Tools = ["retiredTool"] },
            new ScriptRunInput("return 2;", context with { BlockIndex = 1 }),
        ], "hash");
        await this.Fixture.Durable.ScheduleNewOrchestrationInstanceAsync(OrchestratorNames.ScriptTurn, input, new StartOrchestrationOptions(turnId));
        ScriptTurnOutput output = await this.WaitForTurnAsync(turnId);

        Assert.Equal([ScriptRunStatus.Failed, ScriptRunStatus.NotRun], output.Runs.Select(r => r.Status));
        Assert.Equal(nameof(RunToolMissingException), output.Runs[0].Failure!.ErrorType!.Split('.')[^1]);
    }

    [Fact]
    public async Task Force_terminating_a_block_run_records_it_terminated_and_the_turn_finishes_with_a_typed_outcome()
    {
        TurnStart started = await this.Runs.StartTurnAsync(this.TurnIn("await tools.record({}); return 1;", "return 2;"));
        await this.WaitForPendingAsync(started.RunInstanceIds[0], 1);
        await this.Runs.TerminateAsync(started.RunInstanceIds[0], new TerminateRequest("stuck", "frank"), force: true);
        ScriptTurnOutput output = await this.WaitForTurnAsync(started.TurnInstanceId);

        Assert.Equal([ScriptRunStatus.Cancelled, ScriptRunStatus.NotRun], output.Runs.Select(r => r.Status));
        Assert.Equal(RunFailure.TerminatedCode, output.Runs[0].Failure!.Code);
        Assert.Null(output.Runs[0].Output);
    }

    private async Task<ScriptTurnOutput> WaitForTurnAsync(string turnId)
    {
        RunView done = await this.WaitForEndAsync(turnId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return (await this.Runs.GetTurnOutputAsync(turnId))!;
    }
}
