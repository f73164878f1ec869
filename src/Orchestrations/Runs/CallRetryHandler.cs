using Microsoft.DurableTask;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The Durable Task SDK retry handler of one call under its pinned <see cref="ToolRetryPolicy"/>:
/// after a failed attempt it decides, from the typed error in the failure details, whether to try
/// again, waits the policy's backoff on a durable timer, and counts the attempts for the report.
/// Orchestrator code: it reads only the failure, the pinned policy and the orchestration clock, so a
/// replay takes the same decisions. Each attempt is its own scheduled activity; the framework
/// delivers an attempt's completion to that attempt only, and the handler runs only after the
/// attempt before has failed, so no superseded attempt's result can settle the call.
/// </summary>
internal sealed class CallRetryHandler(TaskOrchestrationContext context, TrackedCall call, ToolRetryPolicy policy)
{
    public async Task<bool> ShouldRetryAsync(RetryContext retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ScriptError error = CallCoordinator.ErrorOf(call, retry.LastFailure);
        if (call.CancelRequested || retry.LastAttemptNumber >= policy.Attempts || !policy.IsTransient(error))
        {
            return false;
        }

        TimeSpan delay = policy.DelayBefore(retry.LastAttemptNumber);
        if (delay > TimeSpan.Zero)
        {
            await context.CreateTimer(delay, CancellationToken.None);
        }

        // The run may have asked the call to stop while it waited.
        if (call.CancelRequested)
        {
            return false;
        }

        call.Attempts = retry.LastAttemptNumber + 1;
        return true;
    }
}
