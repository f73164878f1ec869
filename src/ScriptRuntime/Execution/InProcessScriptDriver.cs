using System.Diagnostics;
using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>
/// Drives a <see cref="ScriptRun"/> in process with real asynchronous tool delegates: for tests,
/// dry runs and demos. Each dispatched call gets its own cancellation token, cancelled when the
/// run asks for it; a tool that throws settles its call as tool-failed (or cancelled, when it
/// stopped because its token fired). The durable orchestrator drives the same step machine
/// with activities instead.
/// </summary>
internal static class InProcessScriptDriver
{
    /// <summary>Runs <paramref name="script"/> to its report.</summary>
    /// <param name="script">The script body (JavaScript; top-level await and return allowed).</param>
    /// <param name="options">Tools, limits and replay-safe inputs.</param>
    /// <param name="invokeTool">Runs one call; its token fires when the run cancels the call.</param>
    /// <param name="cancellationToken">Cancels the run gracefully (in-flight calls are cancelled and awaited).</param>
    public static async Task<ScriptRunReport> RunAsync(
        string script,
        ScriptRunOptions options,
        Func<ToolCallRequest, CancellationToken, Task<JsonElement>> invokeTool,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invokeTool);
        ScriptStep step = ScriptRun.Start(script, options);
        ScriptRun run = step.Run;
        Dictionary<Task, Running> running = [];
        TaskCompletionSource runCancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using CancellationTokenRegistration registration = cancellationToken.Register(() => runCancelled.TrySetResult());
        bool cancelSent = false;
        try
        {
            while (true)
            {
                Apply(step, running, invokeTool);
                if (step.IsFinished)
                {
                    return step.Report!;
                }

                if (cancellationToken.IsCancellationRequested && !cancelSent)
                {
                    cancelSent = true;
                    step = run.Cancel(ScriptError.Create(ScriptErrorCode.Cancelled, "The run was cancelled by its host."));
                    continue;
                }

                if (running.Count == 0)
                {
                    throw new InvalidOperationException("The run is waiting for calls that were never dispatched.");
                }

                List<Task> waiting = [.. running.Keys];
                if (!cancelSent)
                {
                    waiting.Add(runCancelled.Task);
                }

                Task completed = await Task.WhenAny(waiting);
                if (completed == runCancelled.Task)
                {
                    continue;
                }

                // Settle the lowest call number among those already done, so equal inputs settle in a stable order.
                Running next = running.Values.Where(r => r.Task.IsCompleted).MinBy(r => r.CallId)!;
                running.Remove(next.Task);
                next.Cancellation.Dispose();
                step = run.Settle(next.CallId, Outcome(next));
            }
        }
        finally
        {
            foreach (Running left in running.Values)
            {
                await left.Cancellation.CancelAsync();
                left.Cancellation.Dispose();
            }
        }
    }

    private static void Apply(ScriptStep step, Dictionary<Task, Running> running, Func<ToolCallRequest, CancellationToken, Task<JsonElement>> invokeTool)
    {
        foreach (ToolCallRequest request in step.Dispatched)
        {
            CancellationTokenSource cancellation = new();
            Stopwatch clock = Stopwatch.StartNew();
            Task<JsonElement> task;
            try
            {
                task = invokeTool(request, cancellation.Token);
            }
#pragma warning disable CA1031 // A tool that throws synchronously fails its call like one that throws later.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                task = Task.FromException<JsonElement>(exception);
            }

            running[task] = new Running(request.CallId, task, cancellation, clock);
        }

        foreach (int callId in step.Cancel)
        {
            foreach (Running entry in running.Values)
            {
                if (entry.CallId == callId)
                {
                    entry.Cancellation.Cancel();
                }
            }
        }
    }

    private static ToolOutcome Outcome(Running call)
    {
        double elapsed = call.Clock.Elapsed.TotalMilliseconds;
        if (call.Task.IsCompletedSuccessfully)
        {
            return ToolOutcome.Success(call.Task.Result, elapsed);
        }

        Exception? error = call.Task.Exception?.GetBaseException();
        return error switch
        {
            ScriptException typed => ToolOutcome.Failure(typed.Error, elapsed),
            _ when call.Task.IsCanceled || error is OperationCanceledException =>
                ToolOutcome.Cancelled("The call was cancelled.", elapsed),
            _ => ToolOutcome.Failure(ScriptError.Create(ScriptErrorCode.ToolFailed, error?.Message ?? "The tool failed."), elapsed),
        };
    }

    private sealed record Running(int CallId, Task<JsonElement> Task, CancellationTokenSource Cancellation, Stopwatch Clock);
}
