using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Execution;

/// <summary>The step machine: what each step dispatches, cancels and reports.</summary>
public class StepMachineTests
{
    [Fact]
    public void Start_runs_until_the_script_blocks_and_dispatches_the_call_with_its_call_site()
    {
        ScriptStep step = ScriptRun.Start("const x = 1;\n  const r = await tools.readFile({ path: 'a' });\nreturn r.seq;", Scripts.Options());

        ToolCallRequest call = Assert.Single(step.Dispatched);
        Assert.False(step.IsFinished);
        Assert.Equal((1, "readFile", 2, 19, false), (call.CallId, call.Tool, call.Line, call.Column, call.Spawned));
        Assert.Equal("""{"path":"a"}""", call.Args.GetRawText());

        ScriptStep done = step.Run.Settle(1, ToolOutcome.Success(Scripts.Json("""{"seq":42}""")));

        Assert.True(done.IsFinished);
        Assert.Equal("42", Scripts.ResultText(done.Report!));
    }

    [Fact]
    public void Calls_made_in_the_same_tick_are_numbered_in_the_order_the_script_made_them()
    {
        ScriptStep step = ScriptRun.Start("""
            const names = ['c', 'a', 'b'];
            return await Promise.all(names.map(path => tools.readFile({ path })));
            """, Scripts.Options());

        Assert.Equal(["c", "a", "b"], step.Dispatched.Select(d => d.Args.GetProperty("path").GetString()));
        Assert.Equal([1, 2, 3], step.Dispatched.Select(d => d.CallId));
    }

    [Fact]
    public void F04_Promise_all_resolves_in_call_order_when_results_arrive_in_reverse()
    {
        ScriptStep step = ScriptRun.Start("return await Promise.all([1, 2, 3].map(n => tools.echo({ n })));", Scripts.Options());
        ScriptRun run = step.Run;

        run.Settle(3, ToolOutcome.Success(Scripts.Json("\"third\"")));
        run.Settle(2, ToolOutcome.Success(Scripts.Json("\"second\"")));
        ScriptStep last = run.Settle(1, ToolOutcome.Success(Scripts.Json("\"first\"")));

        Assert.True(last.IsFinished);
        Assert.Equal("""["first","second","third"]""", Scripts.ResultText(last.Report!));
    }

    [Fact]
    public void F05_Promise_race_returns_the_first_settled_call_and_cancels_the_losers()
    {
        ScriptStep step = ScriptRun.Start("return await Promise.race([tools.echo({ n: 1 }), tools.echo({ n: 2 }), tools.echo({ n: 3 })]);", Scripts.Options());

        ScriptStep afterWinner = step.Run.Settle(2, ToolOutcome.Success(Scripts.Json("\"winner\"")));

        Assert.Equal([1, 3], afterWinner.Cancel);
        Assert.False(afterWinner.IsFinished);
        step.Run.Settle(1, ToolOutcome.Cancelled());
        ScriptStep done = step.Run.Settle(3, ToolOutcome.Success(Scripts.Json("\"late\"")));
        Assert.True(done.IsFinished);
        Assert.Equal("\"winner\"", Scripts.ResultText(done.Report!));
        Assert.Equal(
            [ToolCallStatus.Cancelled, ToolCallStatus.Ok, ToolCallStatus.Cancelled],
            done.Report!.Calls.Select(c => c.Status));
    }

    [Fact]
    public void S17_an_unawaited_call_is_cancelled_when_the_script_returns_and_the_run_waits_for_it()
    {
        ScriptStep step = ScriptRun.Start("tools.exec({ command: ['sleep', '60'] });\nawait tools.echo({});\nreturn 'returned';", Scripts.Options());
        Assert.Equal([1, 2], step.Dispatched.Select(d => d.CallId));

        ScriptStep returned = step.Run.Settle(2, ToolOutcome.Success(Scripts.Json("{}")));

        Assert.Equal([1], returned.Cancel);
        Assert.False(returned.IsFinished);
        Assert.True(returned.ScriptSettled);

        ScriptStep done = step.Run.Settle(1, ToolOutcome.Cancelled());

        Assert.Equal(ScriptRunStatus.Completed, done.Report!.Status);
        Assert.Equal("\"returned\"", Scripts.ResultText(done.Report));
        ToolCallRecord orphan = done.Report.Calls[0];
        Assert.Equal(ToolCallStatus.Cancelled, orphan.Status);
        Assert.Contains("without awaiting", orphan.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_made_in_the_same_tick_the_script_returns_is_never_dispatched()
    {
        ScriptStep step = ScriptRun.Start("tools.exec({ command: ['rm', '-rf', 'x'] });\nreturn 'returned';", Scripts.Options());

        Assert.True(step.IsFinished);
        Assert.Empty(step.Dispatched);
        Assert.Equal(ToolCallStatus.NotReached, Assert.Single(step.Report!.Calls).Status);
    }

    [Fact]
    public void Promise_all_over_twenty_calls_queues_beyond_eight_in_flight_and_never_fails()
    {
        ScriptStep step = ScriptRun.Start(
            "const r = await Promise.all(Array.from({ length: 20 }, (_, i) => tools.echo({ i })));\nreturn r.length;",
            Scripts.Options());
        ScriptRun run = step.Run;
        HashSet<int> inFlight = [.. step.Dispatched.Select(d => d.CallId)];
        int maxInFlight = inFlight.Count;
        while (!step.IsFinished)
        {
            int next = inFlight.Min();
            inFlight.Remove(next);
            step = run.Settle(next, ToolOutcome.Success(Scripts.Json("1")));
            inFlight.UnionWith(step.Dispatched.Select(d => d.CallId));
            maxInFlight = Math.Max(maxInFlight, inFlight.Count);
        }

        Assert.Equal(8, maxInFlight);
        Assert.Equal(ScriptRunStatus.Completed, step.Report!.Status);
        Assert.Equal("20", Scripts.ResultText(step.Report));
        Assert.Equal(Enumerable.Range(1, 20), step.Report.Calls.Select(c => c.Id));
    }

    [Fact]
    public void F30_the_call_over_the_budget_rejects_with_ToolCalls_and_is_catchable()
    {
        var (report, dispatched, _) = Scripts.Drive("""
            const results = [];
            for (let i = 0; i < 5; i++) {
              try { await tools.echo({ i }); results.push('ok'); }
              catch (e) { results.push(`${e.code}:${e.limit}:${e.retryable}`); }
            }
            return results;
            """, Scripts.Options(Scripts.Limits(l => l.MaxToolCalls = 3)));

        Assert.Equal(3, dispatched.Count);
        Assert.Equal("""["ok","ok","ok","limit-exceeded:toolCalls:false","limit-exceeded:toolCalls:false"]""", Scripts.ResultText(report));
    }

    [Fact]
    public void An_uncaught_budget_rejection_fails_the_run_with_the_ToolCalls_limit()
    {
        var (report, _, _) = Scripts.Drive(
            "await tools.echo({});\nawait tools.echo({});",
            Scripts.Options(Scripts.Limits(l => l.MaxToolCalls = 1)));

        Scripts.AssertLimit(report, ScriptLimit.ToolCalls);
        Assert.Equal(2, report.Error!.Line);
    }

    [Fact]
    public void Cancel_stops_the_script_cancels_in_flight_calls_and_finishes_once_they_settle()
    {
        ScriptStep step = ScriptRun.Start("await Promise.all([tools.echo({}), tools.echo({})]);\nawait tools.echo({});", Scripts.Options());

        ScriptStep cancelling = step.Run.Cancel(ScriptError.Create(ScriptErrorCode.Cancelled, "terminated by the user"));

        Assert.Equal([1, 2], cancelling.Cancel);
        Assert.False(cancelling.IsFinished);
        step.Run.Settle(1, ToolOutcome.Success(Scripts.Json("1")));
        ScriptStep done = step.Run.Settle(2, ToolOutcome.Cancelled());
        Assert.Equal(ScriptRunStatus.Cancelled, done.Report!.Status);
        Assert.Equal("terminated by the user", done.Report.Error!.Message);
        Assert.Equal(2, done.Report.Calls.Count);
        Assert.All(done.Report.Calls, c => Assert.Equal(ToolCallStatus.Cancelled, c.Status));
    }

    [Fact]
    public void When_the_script_fails_its_calls_in_flight_and_its_spawned_calls_are_cancelled()
    {
        ScriptStep step = ScriptRun.Start("""
            tools.spawn.exec({ command: ['build'] });
            await Promise.all([tools.echo({ n: 1 }), tools.echo({ n: 2 })]);
            """, Scripts.Options());

        ScriptStep failed = step.Run.Settle(2, ToolOutcome.Failure(ScriptError.Create(ScriptErrorCode.ToolFailed, "boom")));

        Assert.True(failed.ScriptSettled);
        Assert.Equal([1, 3], failed.Cancel);
        step.Run.Settle(1, ToolOutcome.Cancelled());
        ScriptStep done = step.Run.Settle(3, ToolOutcome.Cancelled());
        Assert.Equal(ScriptRunStatus.Failed, done.Report!.Status);
        Assert.Equal(ScriptErrorCode.ToolFailed, done.Report.Error!.Code);
        Assert.Equal([ToolCallStatus.Cancelled, ToolCallStatus.Failed, ToolCallStatus.Cancelled], done.Report.Calls.Select(c => c.Status));
    }

    [Fact]
    public void Spawned_calls_wait_in_the_same_in_flight_queue()
    {
        ScriptStep step = ScriptRun.Start("""
            const tasks = [1, 2, 3].map(n => tools.spawn.echo({ n }));
            return tasks.map(t => t.id);
            """, Scripts.Options(Scripts.Limits(l => l.MaxToolCallsInFlight = 1)));

        Assert.Equal([1], step.Dispatched.Select(d => d.CallId));
        ScriptStep second = step.Run.Settle(1, ToolOutcome.Success(Scripts.Json("1")));
        Assert.Equal([2], second.Dispatched.Select(d => d.CallId));
        ScriptStep third = step.Run.Settle(2, ToolOutcome.Success(Scripts.Json("2")));
        Assert.Equal([3], third.Dispatched.Select(d => d.CallId));
        ScriptStep done = step.Run.Settle(3, ToolOutcome.Success(Scripts.Json("3")));

        Assert.Equal("[1,2,3]", Scripts.ResultText(done.Report!));
        Assert.All(done.Report!.Calls, c => Assert.Equal(ToolCallStatus.Ok, c.Status));
    }

    [Fact]
    public void Replaying_the_same_outcomes_in_the_same_order_reproduces_the_calls_and_the_report()
    {
        const string Script = """
            const [a, b] = await Promise.all([tools.echo({ n: 1 }), tools.echo({ n: 2 })]);
            const winner = await Promise.race([tools.echo({ w: 1 }), tools.echo({ w: 2 })]);
            console.log('winner', winner);
            return { a, b, winner, r: Math.random() };
            """;
        int[] order = [2, 1, 4, 3];

        (List<ToolCallRequest> Calls, string Report) Play()
        {
            ScriptStep step = ScriptRun.Start(Script, Scripts.Options());
            List<ToolCallRequest> calls = [.. step.Dispatched];
            foreach (int seq in order)
            {
                step = step.Run.Settle(seq, ToolOutcome.Success(Scripts.Json(seq.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                calls.AddRange(step.Dispatched);
            }

            return (calls, System.Text.Json.JsonSerializer.Serialize(step.Report));
        }

        var first = Play();
        var replay = Play();

        Assert.Equal(first.Calls.Select(c => (c.CallId, c.Args.GetRawText(), c.Line, c.Column)), replay.Calls.Select(c => (c.CallId, c.Args.GetRawText(), c.Line, c.Column)));
        Assert.Equal(first.Report, replay.Report);
        Assert.Contains("\"winner\":4", first.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_reports_queued_calls_as_not_reached()
    {
        ScriptStep step = ScriptRun.Start(
            "await Promise.all([1, 2, 3].map(i => tools.echo({ i })));",
            Scripts.Options(Scripts.Limits(l => l.MaxToolCallsInFlight = 1)));

        ScriptStep cancelling = step.Run.Cancel(ScriptError.Create(ScriptErrorCode.Cancelled, "stop"));
        ScriptStep done = step.Run.Settle(1, ToolOutcome.Cancelled());

        Assert.Equal([1], cancelling.Cancel);
        Assert.Equal([ToolCallStatus.Cancelled, ToolCallStatus.NotReached, ToolCallStatus.NotReached], done.Report!.Calls.Select(c => c.Status));
    }

    [Fact]
    public void Settling_a_call_that_is_not_in_flight_is_a_typed_internal_error()
    {
        ScriptStep step = ScriptRun.Start("return await tools.echo({});", Scripts.Options());

        ScriptException unknown = Assert.Throws<ScriptException>(() => step.Run.Settle(5, ToolOutcome.Success(Scripts.Json("1"))));
        step.Run.Settle(1, ToolOutcome.Success(Scripts.Json("1")));
        ScriptException twice = Assert.Throws<ScriptException>(() => step.Run.Settle(1, ToolOutcome.Success(Scripts.Json("1"))));

        Assert.Equal(ScriptErrorCode.Internal, unknown.Error.Code);
        Assert.Equal(ScriptErrorCode.Internal, twice.Error.Code);
    }

    [Fact]
    public void A_script_awaiting_a_promise_nothing_can_settle_fails_instead_of_hanging()
    {
        ScriptStep step = ScriptRun.Start("await new Promise(() => {});\nreturn 1;", Scripts.Options());

        Assert.True(step.IsFinished);
        Assert.Equal(ScriptErrorCode.RuntimeError, step.Report!.Error!.Code);
        Assert.Contains("never settle", step.Report.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_is_reported_with_its_line_and_column_and_nothing_runs()
    {
        ScriptStep step = ScriptRun.Start("const a = 1;\nconst b = ;\nawait tools.echo({});", Scripts.Options());

        Assert.True(step.IsFinished);
        Assert.Empty(step.Dispatched);
        Assert.Equal(ScriptErrorCode.Syntax, step.Report!.Error!.Code);
        Assert.Equal(2, step.Report.Error.Line);
        Assert.Equal(11, step.Report.Error.Column);
    }

    [Fact]
    public void Invalid_limits_or_tool_names_are_rejected_before_anything_runs()
    {
        Assert.Throws<ArgumentException>(() => ScriptRun.Start("return 1;", Scripts.Options(Scripts.Limits(l => l.MaxToolCallsInFlight = 0))));
        Assert.Throws<ArgumentException>(() => ScriptRun.Start("return 1;", new ScriptRunOptions { Tools = [Scripts.Tool("spawn", "{}")] }));
        Assert.Throws<ArgumentException>(() => ScriptRun.Start("return 1;", new ScriptRunOptions { Tools = [Scripts.Tool("read-file", "{}")] }));
        Assert.Throws<ArgumentException>(() => ScriptRun.Start("return 1;", new ScriptRunOptions { Tools = [Scripts.Echo, Scripts.Echo] }));
    }
}
