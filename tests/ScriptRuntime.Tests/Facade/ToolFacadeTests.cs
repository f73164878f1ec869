using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Facade;

/// <summary>The <c>tools</c> object as a script sees it: validation, errors, spawn, policy hook.</summary>
public class ToolFacadeTests
{
    [Fact]
    public void F24_invalid_arguments_are_refused_before_the_call_leaves_the_sandbox_naming_the_field()
    {
        var (report, dispatched, _) = Scripts.Drive("""
            try { await tools.readFile({ path: 42, extra: true }); } catch (e) { return { code: e.code, message: e.message, retryable: e.retryable }; }
            """);

        Assert.Empty(dispatched);
        Assert.Empty(report.Calls);
        string result = Scripts.ResultText(report);
        Assert.Contains("\"code\":\"tool-validation\"", result, StringComparison.Ordinal);
        Assert.Contains("args.path must be a string, got a number", result, StringComparison.Ordinal);
        Assert.Contains("args.extra is not a known field", result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_field_fails_the_run_with_tool_validation_when_uncaught()
    {
        var (report, dispatched, _) = Scripts.Drive("await tools.exec({ mode: 'fast' });");

        Assert.Empty(dispatched);
        Assert.Equal(ScriptErrorCode.ToolValidation, report.Error!.Code);
        Assert.Contains("args.command is required", report.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void F28_an_unknown_tool_throws_at_once_listing_the_available_tools()
    {
        var (report, _, _) = Scripts.Drive("""
            let sync = false;
            try { tools.raedFile({ path: 'a' }); } catch (e) { sync = true; return { sync, code: e.code, message: e.message }; }
            """);

        string result = Scripts.ResultText(report);
        Assert.Contains("\"sync\":true", result, StringComparison.Ordinal);
        Assert.Contains("tools.raedFile is not a tool. Available tools: echo, readFile, exec", result, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"tool-validation\"", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Probing_tools_like_a_value_does_not_count_as_an_unknown_tool()
    {
        var (report, _, _) = Scripts.Drive("""
            const same = await tools;
            return [same === tools, typeof tools.toString, typeof tools.then, 'readFile' in tools, Object.keys(tools).join(',')];
            """);

        Assert.Equal("""[true,"function","undefined",true,"echo,readFile,exec,spawn"]""", Scripts.ResultText(report));
    }

    [Fact]
    public void F06_try_catch_around_a_failing_tool_sees_an_Error_with_code_and_retryable()
    {
        var (report, _, _) = Scripts.Drive(
            """
            try { await tools.exec({ command: ['false'] }); }
            catch (e) { return [e instanceof Error, e.code, e.retryable, e.tool, e.callId, e.message]; }
            """,
            answer: _ => ToolOutcome.Failure(ScriptError.Create(ScriptErrorCode.ToolFailed, "exit code 1")));

        Assert.Equal("""[true,"tool-failed",true,"exec",1,"exit code 1"]""", Scripts.ResultText(report));
        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal(ToolCallStatus.Failed, Assert.Single(report.Calls).Status);
    }

    [Fact]
    public void An_uncaught_tool_failure_fails_the_run_with_tool_failed_and_the_await_position()
    {
        var (report, _, _) = Scripts.Drive(
            "const x = 1;\nawait tools.echo({});",
            answer: _ => ToolOutcome.Failure(ScriptError.Create(ScriptErrorCode.ToolFailed, "disk full")));

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.Equal(ScriptErrorCode.ToolFailed, report.Error!.Code);
        Assert.Equal("disk full", report.Error.Message);
        Assert.True(report.Error.Retryable);
    }

    [Fact]
    public void F12_a_denial_from_the_policy_hook_rejects_with_reason_and_the_script_continues()
    {
        ScriptRunOptions options = new()
        {
            Tools = [Scripts.Echo, Scripts.Exec],
            Gate = call => call.Tool == "exec" && call.Args.GetProperty("command")[0].GetString() == "git"
                ? ToolCallGate.Deny(ScriptError.Create(ScriptErrorCode.ApprovalDenied, "git push needs approval") with { Detail = "policy: never push" })
                : ToolCallGate.Allow,
        };

        var (report, dispatched, _) = Scripts.Drive("""
            let denied;
            try { await tools.exec({ command: ['git', 'push'] }); } catch (e) { denied = [e.code, e.reason, e.retryable]; }
            const after = await tools.echo({ after: true });
            return { denied, after: after.args.after };
            """, options);

        Assert.Equal("""{"denied":["approval-denied","policy: never push",false],"after":true}""", Scripts.ResultText(report));
        Assert.Equal(["echo"], dispatched.Select(d => d.Tool));
        Assert.Equal([ToolCallStatus.Denied, ToolCallStatus.Ok], report.Calls.Select(c => c.Status));
    }

    [Fact]
    public void Outcomes_of_approval_denial_and_expiry_reach_the_script_and_the_report()
    {
        var (report, _, _) = Scripts.Drive(
            """
            const codes = [];
            for (const n of [1, 2]) { try { await tools.echo({ n }); } catch (e) { codes.push(`${e.code}/${e.reason}`); } }
            return codes;
            """,
            answer: call => call.CallId == 1
                ? ToolOutcome.Failure(ScriptError.Create(ScriptErrorCode.ApprovalDenied, "Denied by alice") with { Detail = "not today" })
                : ToolOutcome.Failure(ScriptError.Create(ScriptErrorCode.ApprovalExpired, "Nobody answered within 1 h")));

        Assert.Equal("""["approval-denied/not today","approval-expired/Nobody answered within 1 h"]""", Scripts.ResultText(report));
        Assert.Equal([ToolCallStatus.Denied, ToolCallStatus.TimedOut], report.Calls.Select(c => c.Status));
    }

    [Fact]
    public void Results_arrive_as_plain_mutable_values_owned_by_the_script()
    {
        var (report, _, _) = Scripts.Drive(
            """
            const r = await tools.echo({});
            r.items.push(4);
            r.added = true;
            return [Array.isArray(r.items), Object.getPrototypeOf(r) === Object.prototype, r.items.length, r.added, r.nested.deep];
            """,
            answer: _ => ToolOutcome.Success(Scripts.Json("""{"items":[1,2,3],"nested":{"deep":"yes"}}""")));

        Assert.Equal("""[true,true,4,true,"yes"]""", Scripts.ResultText(report));
    }

    [Fact]
    public void Spawn_returns_a_handle_at_once_and_the_run_waits_for_the_spawned_call_after_the_script_returns()
    {
        ScriptStep step = ScriptRun.Start("""
            const task = tools.spawn.exec({ command: ['long-job'] });
            const quick = await tools.echo({ id: task.id, hasDone: typeof task.done.then });
            return quick.args;
            """, Scripts.Options());
        Assert.Equal([(1, true), (2, false)], step.Dispatched.Select(d => (d.CallId, d.Spawned)));

        ScriptStep returned = step.Run.Settle(2, ToolOutcome.Success(Scripts.Json("""{"args":{"id":1,"hasDone":"function"}}""")));

        Assert.True(returned.ScriptSettled);
        Assert.Empty(returned.Cancel);
        Assert.False(returned.IsFinished);

        ScriptStep done = step.Run.Settle(1, ToolOutcome.Success(Scripts.Json("\"job output\"")));

        Assert.Equal("""{"id":1,"hasDone":"function"}""", Scripts.ResultText(done.Report!));
        ToolCallRecord spawned = done.Report!.Calls[0];
        Assert.True(spawned.Spawned);
        Assert.Equal(ToolCallStatus.Ok, spawned.Status);
    }

    [Fact]
    public void Spawn_cancel_rejects_done_asks_the_host_to_stop_the_call_and_reports_it_cancelled()
    {
        ScriptStep step = ScriptRun.Start("""
            const task = tools.spawn.exec({ command: ['long-job'] });
            await tools.echo({});
            const first = tools.spawn.cancel(task.id);
            const second = tools.spawn.cancel(task.id);
            let code;
            try { await task.done; } catch (e) { code = e.code; }
            return [first, second, code, tools.spawn.cancel(999)];
            """, Scripts.Options());

        ScriptStep afterEcho = step.Run.Settle(2, ToolOutcome.Success(Scripts.Json("{}")));

        Assert.Equal([1], afterEcho.Cancel);
        ScriptStep done = step.Run.Settle(1, ToolOutcome.Success(Scripts.Json("\"finished anyway\"")));
        Assert.Equal("""[true,false,"cancelled",false]""", Scripts.ResultText(done.Report!));
        Assert.Equal(ToolCallStatus.Cancelled, done.Report!.Calls[0].Status);
    }

    [Fact]
    public void Spawned_calls_obey_validation_budget_and_unknown_names()
    {
        var (report, dispatched, _) = Scripts.Drive("""
            const out = [];
            try { tools.spawn.readFile({}); } catch (e) { out.push(e.code); }
            try { tools.spawn.nope({}); } catch (e) { out.push(e.code); }
            tools.spawn.echo({ n: 1 });
            const over = tools.spawn.echo({ n: 2 });
            try { await over.done; } catch (e) { out.push(`${e.code}:${e.limit}`); }
            return out;
            """, Scripts.Options(Scripts.Limits(l => l.MaxToolCalls = 1)));

        Assert.Equal("""["tool-validation","tool-validation","limit-exceeded:toolCalls"]""", Scripts.ResultText(report));
        Assert.Single(dispatched);
    }

    [Fact]
    public void Arguments_that_are_not_JSON_are_refused_with_tool_validation()
    {
        var (report, dispatched, _) = Scripts.Drive("""
            const cyclic = {}; cyclic.self = cyclic;
            const out = [];
            for (const bad of [cyclic, { n: 10n }, () => 1]) { try { await tools.echo(bad); } catch (e) { out.push(e.code); } }
            return out;
            """);

        Assert.Empty(dispatched);
        Assert.Equal("""["tool-validation","tool-validation","tool-validation"]""", Scripts.ResultText(report));
    }
}
