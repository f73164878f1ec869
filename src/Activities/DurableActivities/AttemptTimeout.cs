using System.Globalization;
using System.Text.Json;
using ScriptHarness.Activities.Tools;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Activities.DurableActivities;

/// <summary>
/// One attempt of a tool call under a retry policy's attempt timeout: past the limit the tool is
/// asked to stop and the attempt fails with <see cref="ToolRetryPolicy.AttemptTimeout"/> at once,
/// without waiting for it. Whatever the tool returns afterwards is dropped here, on the worker,
/// so a superseded attempt's late result can never reach the orchestration: the attempt's activity
/// has already completed with the failure, and the next attempt is another activity.
/// </summary>
internal static class AttemptTimeout
{
    public static async Task<JsonElement> RunAsync(ITool tool, ToolInvocation input, CancellationToken token, TimeSpan limit)
    {
        using CancellationTokenSource attempt = CancellationTokenSource.CreateLinkedTokenSource(token);
        Task<JsonElement> running = tool.InvokeAsync(input, attempt.Token);
        try
        {
            return await running.WaitAsync(limit, token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await attempt.CancelAsync().ConfigureAwait(false);

            // Observed, never delivered: the late outcome of a superseded attempt.
            _ = running.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new ToolException(ScriptError.Create(
                ScriptErrorCode.ToolFailed,
                string.Create(CultureInfo.InvariantCulture, $"{tool.Descriptor.Name} (call {input.CallId}) ran past its attempt timeout of {limit.TotalMilliseconds} ms.")) with { Detail = ToolRetryPolicy.AttemptTimeout });
        }
    }
}
