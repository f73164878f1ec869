using System.Diagnostics;
using ScriptHarness.Activities.Telemetry;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Telemetry;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Telemetry;

/// <summary>
/// The spans and metrics of real runs, exported by the OpenTelemetry SDK's in-memory exporters:
/// one trace per turn (turn, run, call, tool execution), nothing twice however often the script
/// replays, and the run and call instruments.
/// </summary>
public abstract class RunTelemetryTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task A_run_with_an_approval_is_one_trace_of_turn_run_call_and_tool_spans_with_their_attributes()
    {
        using TelemetryCapture capture = new();
        string runId = await this.StartAsync("const a = await tools.add({ a: 1, b: 2 }); const r = await tools.record({ n: a.sum }); return r.recorded;");
        await this.WaitForPendingAsync(runId, 2);
        await this.Runs.DecideAsync(runId, 2, Approve());
        RunView done = await this.WaitForEndAsync(runId);
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);

        ActivityTraceId trace = await capture.TraceOfRunAsync(runId, Patience);
        IReadOnlyList<Activity> spans = await capture.WaitForSpansAsync(
            trace, s => s.Any(x => x.OperationName == "scriptharness.turn") && s.Any(x => x.OperationName.StartsWith("orchestration:ScriptTurn", StringComparison.Ordinal)), Patience);

        // The framework's trace from the client's start of the turn: ours hang under its turn span.
        Activity framework = Assert.Single(spans, s => s.OperationName.StartsWith("orchestration:ScriptTurn", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.OperationName.StartsWith("create_orchestration:ScriptTurn", StringComparison.Ordinal));
        Activity turn = Assert.Single(spans, s => s.OperationName == "scriptharness.turn");
        Activity run = Assert.Single(spans, s => s.OperationName == "scriptharness.run");
        Activity[] calls = [.. spans.Where(s => s.OperationName == "scriptharness.call").OrderBy(s => (int)s.GetTagItem(HarnessTelemetry.CallId)!)];
        Activity[] tools = [.. spans.Where(s => s.OperationName == HarnessTelemetry.ToolSpan).OrderBy(s => (int)s.GetTagItem(HarnessTelemetry.CallId)!)];
        Assert.Equal(2, calls.Length);
        Assert.Equal(2, tools.Length);

        // One trace, parented turn -> run -> call -> tool execution.
        Assert.Equal(framework.SpanId, turn.ParentSpanId);
        Assert.Equal(turn.SpanId, run.ParentSpanId);
        Assert.All(calls, c => Assert.Equal(run.SpanId, c.ParentSpanId));
        Assert.Equal(calls[0].SpanId, tools[0].ParentSpanId);
        Assert.Equal(calls[1].SpanId, tools[1].ParentSpanId);

        Assert.Equal(runId, run.GetTagItem(HarnessTelemetry.RunId));
        Assert.Equal("completed", run.GetTagItem(HarnessTelemetry.Outcome));
        Assert.Equal("completed", turn.GetTagItem(HarnessTelemetry.Outcome));
        Assert.Equal(("add", "allowed", "succeeded"), Describe(calls[0]));
        Assert.Equal(("record", "approved", "succeeded"), Describe(calls[1]));
        Assert.All(calls, c => Assert.Equal(runId, c.GetTagItem(HarnessTelemetry.RunId)));
        Assert.Equal("record", tools[1].GetTagItem(HarnessTelemetry.Tool));
        Assert.Equal("succeeded", tools[1].GetTagItem(HarnessTelemetry.Outcome));

        // The call's span starts when the script asked, before the approval; the tool runs after it.
        Assert.True(calls[1].StartTimeUtc <= tools[1].StartTimeUtc, $"call {calls[1].StartTimeUtc:O} tool {tools[1].StartTimeUtc:O}");
    }

    [Fact]
    public async Task A_retried_call_s_span_carries_its_attempts_and_a_call_without_a_policy_carries_none()
    {
        using TelemetryCapture capture = new();
        string runId = await this.StartAsync("const f = await tools.flaky({ fail: 2 }); const a = await tools.add({ a: 1, b: 2 }); return f.attempt + a.sum;");
        RunView done = await this.WaitForEndAsync(runId);
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);

        ActivityTraceId trace = await capture.TraceOfRunAsync(runId, Patience);
        IReadOnlyList<Activity> spans = await capture.WaitForSpansAsync(trace, s => s.Count(x => x.OperationName == "scriptharness.call") == 2, Patience);
        Activity[] calls = [.. spans.Where(s => s.OperationName == "scriptharness.call").OrderBy(s => (int)s.GetTagItem(HarnessTelemetry.CallId)!)];

        Assert.Equal(("flaky", "allowed", "succeeded"), Describe(calls[0]));
        Assert.Equal(3, calls[0].GetTagItem(HarnessTelemetry.Attempts));
        Assert.Null(calls[1].GetTagItem(HarnessTelemetry.Attempts));
    }

    [Fact]
    public async Task Replays_of_a_run_over_many_episodes_add_no_duplicate_spans()
    {
        using TelemetryCapture capture = new();
        string runId = await this.StartAsync("""
            let sum = 0;
            for (let i = 0; i < 4; i++) { sum += (await tools.add({ a: i, b: 1 })).sum; }
            await tools.record({ sum });
            return sum;
            """);
        await this.WaitForPendingAsync(runId, 5);
        await this.Runs.DecideAsync(runId, 5, Approve());
        RunView done = await this.WaitForEndAsync(runId);
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);

        ActivityTraceId trace = await capture.TraceOfRunAsync(runId, Patience);
        IReadOnlyList<Activity> spans = await capture.WaitForSpansAsync(trace, s => s.Any(x => x.OperationName == "scriptharness.turn"), Patience);

        Assert.Single(spans, s => s.OperationName == "scriptharness.turn");
        Assert.Single(spans, s => s.OperationName == "scriptharness.run");
        Assert.Equal([1, 2, 3, 4, 5], spans.Where(s => s.OperationName == "scriptharness.call").Select(s => (int)s.GetTagItem(HarnessTelemetry.CallId)!).Order());
        Assert.Equal([1, 2, 3, 4, 5], spans.Where(s => s.OperationName == HarnessTelemetry.ToolSpan).Select(s => (int)s.GetTagItem(HarnessTelemetry.CallId)!).Order());
    }

    [Fact]
    public async Task Without_the_framework_s_spans_the_turn_is_the_root_of_a_trace_named_for_the_turn_id()
    {
        using TelemetryCapture capture = new(framework: false);
        string runId = await this.StartAsync("const r = await tools.record({ n: 1 }); return r.recorded;");
        await this.WaitForPendingAsync(runId, 1);
        await this.Runs.DecideAsync(runId, 1, Approve());
        await this.WaitForEndAsync(runId);

        ActivityTraceId trace = TraceIds.Turn(RunIds.TurnOf(runId)).TraceId;
        IReadOnlyList<Activity> spans = await capture.WaitForSpansAsync(trace, s => s.Any(x => x.OperationName == "scriptharness.turn"), Patience);

        Assert.Equal(trace, await capture.TraceOfRunAsync(runId, Patience));
        Activity turn = Assert.Single(spans, s => s.OperationName == "scriptharness.turn");
        Activity run = Assert.Single(spans, s => s.OperationName == "scriptharness.run");
        Activity call = Assert.Single(spans, s => s.OperationName == "scriptharness.call");
        Activity tool = Assert.Single(spans, s => s.OperationName == HarnessTelemetry.ToolSpan);
        Assert.Equal("0000000000000000", turn.ParentSpanId.ToHexString());
        Assert.Equal(turn.SpanId, run.ParentSpanId);
        Assert.Equal(run.SpanId, call.ParentSpanId);
        Assert.Equal(call.SpanId, tool.ParentSpanId);
        Assert.DoesNotContain(spans, s => s.Source.Name != HarnessTelemetry.SourceName);
    }

    [Fact]
    public async Task Metrics_of_a_run_with_two_calls_one_denied_count_the_run_and_each_call_once()
    {
        using TelemetryCapture capture = new();
        string runId = await this.StartAsync("""
            const a = await tools.add({ a: 1, b: 2 });
            try { await tools.record({ n: a.sum }); } catch (e) { return e.code; }
            return 'not denied';
            """);
        await this.WaitForPendingAsync(runId, 2);
        await this.Runs.DecideAsync(runId, 2, Deny());
        RunView done = await this.WaitForEndAsync(runId);
        Assert.Equal("approval-denied", done.Output!.Report.Result!.Value.GetString());

        Assert.Equal(1, Assert.Single(capture.Points("scriptharness.runs.started")).Value);
        var finished = Assert.Single(capture.Points("scriptharness.runs.finished"));
        Assert.Equal(("completed", 1.0), ((string?)finished.Tags[HarnessTelemetry.Outcome], finished.Value));

        var calls = capture.Points("scriptharness.calls")
            .Select(p => ((string?)p.Tags[HarnessTelemetry.Tool], (string?)p.Tags[HarnessTelemetry.Outcome], p.Value))
            .Order()
            .ToList();
        Assert.Equal([("add", "succeeded", 1.0), ("record", "denied", 1.0)], calls);
        Assert.Equal(2, capture.Points("scriptharness.call.duration").Sum(p => p.Value));
        var waited = Assert.Single(capture.Points("scriptharness.approval.wait"));
        Assert.Equal(("record", "denied", 1.0), ((string?)waited.Tags[HarnessTelemetry.Tool], (string?)waited.Tags[HarnessTelemetry.Decision], waited.Value));
    }

    private static (string?, string?, string?) Describe(Activity call) =>
        ((string?)call.GetTagItem(HarnessTelemetry.Tool), (string?)call.GetTagItem(HarnessTelemetry.Decision), (string?)call.GetTagItem(HarnessTelemetry.Outcome));
}

[Collection(InMemoryTelemetryCollection.Name)]
public sealed class InMemoryRunTelemetryTests(InMemoryTelemetryFixture fixture) : RunTelemetryTests(fixture);

[Collection(SqliteTelemetryCollection.Name)]
public sealed class SqliteRunTelemetryTests(SqliteTelemetryFixture fixture) : RunTelemetryTests(fixture);
