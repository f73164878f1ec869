using Microsoft.DurableTask;
using ScriptHarness.Activities.Cancellation;

namespace ScriptHarness.Orchestrations.Cancellation;

/// <summary>
/// Asks running tool calls to stop, through the activities' cancellation side channel, by their
/// idempotency keys. An activity, so the request is durable and in the history; it reaches the
/// calls running in the worker process that runs it at once (a call not yet started there stops
/// as soon as it starts). Calls on other workers see the request in the run's custom status
/// (<c>cancelling</c>) through <c>RunStatusCancellationWatcher</c>.
/// </summary>
public sealed class CancelToolCallsActivity : TaskActivity<IReadOnlyList<string>, int>
{
    /// <summary>The activity's registered name.</summary>
    public const string Name = "ScriptHarness.CancelToolCalls";

    private readonly ToolCancellation cancellation;

    /// <summary>Creates the activity over the worker's side channel.</summary>
    public CancelToolCallsActivity(ToolCancellation cancellation)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        this.cancellation = cancellation;
    }

    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, IReadOnlyList<string> input)
    {
        int signalled = 0;
        foreach (string key in input ?? [])
        {
            if (!string.IsNullOrEmpty(key) && this.cancellation.Cancel(key))
            {
                signalled++;
            }
        }

        return Task.FromResult(signalled);
    }
}
