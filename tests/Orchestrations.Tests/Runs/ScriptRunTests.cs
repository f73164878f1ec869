using System.Text.Json;
using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.ScriptRuntime.Declarations;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

[Collection(HarnessCollection.Name)]
public class ScriptRunTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task A_sequence_of_calls_feeds_each_result_into_the_next_and_completes_with_a_report()
    {
        RunView view = await this.RunToEndAsync("""
            const one = await tools.add({ a: 1, b: 2 });
            const two = await tools.add({ a: one.sum, b: 10 });
            console.log('sum', two.sum);
            return two.sum;
            """);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, view.RuntimeStatus);
        ScriptRunReport report = view.Output!.Report;
        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal(13, report.Result!.Value.GetDouble());
        Assert.Equal([1, 2], report.Calls.Select(c => c.Id));
        Assert.All(report.Calls, c => Assert.Equal(ToolCallStatus.Ok, c.Status));
        Assert.Equal("sum 13", Assert.Single(report.Logs).Message);
        Assert.Equal(2, this.Fixture.Ledger.Count(view.InstanceId, "add"));
    }

    [Fact]
    public async Task Promise_all_fans_out_to_parallel_activities_with_stable_call_ids()
    {
        RunView view = await this.RunToEndAsync("""
            const sums = await Promise.all([1, 2, 3, 4, 5].map(n => tools.add({ a: n, b: n })));
            return sums.map(s => s.sum);
            """);

        ScriptRunReport report = view.Output!.Report;
        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal([2.0, 4, 6, 8, 10], report.Result!.Value.EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([1, 2, 3, 4, 5], this.Fixture.Ledger.For(view.InstanceId).Select(c => c.Invocation.CallId));
        Assert.All(this.Fixture.Ledger.For(view.InstanceId), c => Assert.Equal($"{view.InstanceId}:{c.Invocation.CallId}", c.Invocation.IdempotencyKey));
    }

    [Fact]
    public async Task A_script_error_completes_the_orchestration_with_a_failed_report()
    {
        RunView view = await this.RunToEndAsync("await tools.add({ a: 1, b: 1 }); throw new Error('nope');");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, view.RuntimeStatus);
        Assert.Equal(ScriptRunStatus.Failed, view.Output!.Report.Status);
        Assert.Contains("nope", view.Output.Report.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_tool_rejects_its_promise_with_tool_failed_and_the_script_can_catch_it()
    {
        RunView view = await this.RunToEndAsync("""
            try { await tools.boom({}); return 'no'; } catch (e) { return e.code; }
            """);
        Assert.Equal("tool-failed", view.Output!.Report.Result!.Value.GetString());
        Assert.Equal(ToolCallStatus.Failed, Assert.Single(view.Output.Report.Calls).Status);
    }

    [Fact]
    public async Task The_context_tells_the_script_who_and_where_it_is_without_the_hosts_path()
    {
        RunView view = await this.RunToEndAsync("return { runId: context.runId, turnId: context.turnId, ws: context.workspace, tools: context.tools.includes('add'), mode: context.mode, limits: context.limits };");
        JsonElement result = view.Output!.Report.Result!.Value;
        Assert.Equal(view.InstanceId, result.GetProperty("runId").GetString());
        Assert.Equal("turn-1", result.GetProperty("turnId").GetString());
        Assert.Equal(Path.GetFileName(this.Fixture.Workspace), result.GetProperty("ws").GetString());
        Assert.True(result.GetProperty("tools").GetBoolean());
        Assert.Equal("enabled", result.GetProperty("mode").GetString());
        JsonElement limits = result.GetProperty("limits");
        Assert.Equal(1048576, limits.GetProperty("maxToolResultBytes").GetInt32());
        Assert.Equal(limits.GetProperty("maxToolCalls").GetInt32(), limits.GetProperty("remainingToolBudget").GetInt32());
    }

    [Fact]
    public async Task The_declaration_a_model_reads_names_exactly_the_context_and_error_fields_a_script_receives()
    {
        RunView view = await this.RunToEndAsync("""
            let error;
            try { await tools.boom({}); } catch (e) { error = Object.keys(e); }
            return { context: Object.keys(context), limits: Object.keys(context.limits), approvals: Object.keys(context.approvals), error };
            """);
        JsonElement result = view.Output!.Report.Result!.Value;
        string declaration = ScriptGlobalsDeclaration.Text;

        string[] contextKeys = Keys(result, "context");
        Assert.Equal(Declared(declaration, "declare const context: {", "  ").Order(), contextKeys.Append("emitProgress").Distinct().Order());
        Assert.Equal(Declared(declaration, "  readonly limits: {", "    ").Order(), Keys(result, "limits").Order());
        Assert.Equal(Declared(declaration, "  readonly approvals: {", "    ").Order(), Keys(result, "approvals").Order());
        string[] declaredError = Declared(declaration, "interface ToolError extends Error {", "  ");
        Assert.All(Keys(result, "error"), key => Assert.Contains(key, declaredError));
    }

    private static string[] Keys(JsonElement result, string name) =>
        [.. result.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    // The member names of the block opened by `header`, at `indent` (its nested blocks are deeper).
    private static string[] Declared(string declaration, string header, string indent)
    {
        string[] lines = declaration.Split('\n');
        int start = Array.FindIndex(lines, l => l.TrimEnd() == header.TrimEnd() || l == header);
        Assert.True(start >= 0, $"'{header}' is not in the declaration");
        string close = indent[2..] + "}";
        return [.. lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith(close + ";", StringComparison.Ordinal) && l != close)
            .Where(l => l.StartsWith(indent + "readonly ", StringComparison.Ordinal))
            .Select(l => l[(indent.Length + "readonly ".Length)..].Split(':', '?')[0])];
    }
}
