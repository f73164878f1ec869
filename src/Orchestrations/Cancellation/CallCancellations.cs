using Microsoft.DurableTask;

namespace ScriptHarness.Orchestrations.Cancellation;

/// <summary>
/// The orchestrator's half of cancelling running tool calls: collects the calls to stop, lists
/// them in the run's status (<c>cancelling</c>, read by <see cref="RunStatusCancellationWatcher"/>
/// on other workers) until they settle, and sends them as one <see cref="CancelToolCallsActivity"/>
/// per flush (the in-process side channel). Orchestrator code: deterministic, on the orchestration
/// thread. See this folder's README for how the two paths race.
/// </summary>
internal sealed class CallCancellations(TaskOrchestrationContext context)
{
    private readonly List<string> keys = [];
    private readonly SortedSet<int> cancelling = [];
    private readonly List<Task> sent = [];

    /// <summary>The calls asked to stop whose activity still runs, by call id.</summary>
    public IReadOnlyList<int> Listed => this.cancelling.Count == 0 ? [] : [.. this.cancelling];

    /// <summary>Asks the running call <paramref name="callId"/> (idempotency key <paramref name="idempotencyKey"/>) to stop; once per call.</summary>
    public void Request(int callId, string idempotencyKey)
    {
        if (this.cancelling.Add(callId))
        {
            this.keys.Add(idempotencyKey);
        }
    }

    /// <summary>Stops listing a call that settled.</summary>
    public void Forget(int callId) => this.cancelling.Remove(callId);

    /// <summary>Sends the cancellations collected since the last flush as one durable activity.</summary>
    public void Flush()
    {
        if (this.keys.Count == 0)
        {
            return;
        }

        string[] batch = [.. this.keys];
        this.keys.Clear();
        this.sent.Add(context.CallActivityAsync<int>(CancelToolCallsActivity.Name, batch));
    }

    /// <summary>Waits for the cancellation activities (their failure cannot change the report).</summary>
    public async Task DrainAsync()
    {
        foreach (Task task in this.sent)
        {
            try
            {
                await task;
            }
            catch (TaskFailedException)
            {
                // The side channel is best effort: the call itself still returned and was settled.
            }
        }
    }
}
