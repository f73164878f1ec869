using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Execution;

/// <summary>The in-process driver binds the step machine to real asynchronous tool delegates.</summary>
public class InProcessDriverTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_cancellation_token_of_an_orphaned_call_fires_and_the_run_waits_for_it()
    {
        TaskCompletionSource<bool> tokenFired = new(TaskCreationOptions.RunContinuationsAsynchronously);

        ScriptRunReport report = await Scripts.RunAsync(
            "tools.exec({ command: ['sleep'] });\nawait tools.echo({});\nreturn 'returned';",
            tools: async (call, token) =>
            {
                if (call.Tool != "exec")
                {
                    return Scripts.EchoResult(call);
                }

                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    tokenFired.TrySetResult(true);
                    throw;
                }

                return Scripts.Json("\"unreachable\"");
            }).WaitAsync(Generous);

        Assert.True(tokenFired.Task.IsCompleted, string.Join(";", report.Calls.Select(c => $"{c.Id}{c.Tool}{c.Status}{c.Error?.Message}")));
        Assert.Equal("\"returned\"", Scripts.ResultText(report));
        Assert.Equal(ToolCallStatus.Cancelled, report.Calls[0].Status);
        Assert.Equal(ToolCallStatus.Ok, report.Calls[1].Status);
    }

    [Fact]
    public async Task A_tool_that_throws_fails_its_call_with_tool_failed()
    {
        ScriptRunReport report = await Scripts.RunAsync(
            "try { await tools.echo({}); } catch (e) { return [e.code, e.message]; }",
            tools: (_, _) => throw new IOException("device not ready"));

        Assert.Equal("""["tool-failed","device not ready"]""", Scripts.ResultText(report));
        Assert.Equal(ToolCallStatus.Failed, Assert.Single(report.Calls).Status);
    }

    [Fact]
    public async Task A_tool_that_throws_a_ScriptException_keeps_its_typed_error()
    {
        ScriptRunReport report = await Scripts.RunAsync(
            "try { await tools.echo({}); } catch (e) { return [e.code, e.detail]; }",
            tools: (_, _) => Task.FromException<JsonElement>(new ScriptException(
                ScriptError.Create(ScriptErrorCode.ToolFailed, "outside workspace") with { Detail = "path-outside-workspace" })));

        Assert.Equal("""["tool-failed","path-outside-workspace"]""", Scripts.ResultText(report));
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_in_flight_calls_and_reports_a_cancelled_run()
    {
        using CancellationTokenSource run = new();
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<ScriptRunReport> running = InProcessScriptDriver.RunAsync(
            "await tools.exec({ command: ['forever'] });\nreturn 'finished';",
            Scripts.Options(),
            async (_, token) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
                return Scripts.Json("null");
            },
            run.Token);
        await started.Task.WaitAsync(Generous);
        await run.CancelAsync();
        ScriptRunReport report = await running.WaitAsync(Generous);

        Assert.Equal(ScriptRunStatus.Cancelled, report.Status);
        Assert.Equal(ScriptErrorCode.Cancelled, report.Error!.Code);
        Assert.Equal(ToolCallStatus.Cancelled, Assert.Single(report.Calls).Status);
    }

    [Fact]
    public async Task Durations_measured_by_the_driver_are_in_the_report()
    {
        ScriptRunReport report = await Scripts.RunAsync("await tools.echo({});");

        Assert.NotNull(Assert.Single(report.Calls).DurationMs);
    }
}
