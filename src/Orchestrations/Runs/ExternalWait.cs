using Microsoft.DurableTask;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The one wait for someone outside the run, shared by approvals and host-resolved results: the
/// call's external event raced with a durable expiry timer and with the call's interrupt (a
/// scope-<c>run</c> grant or a cancellation). The losers are cancelled at once, so an open
/// expiry timer never keeps a run open. The scheduled actions are, in order: the event wait,
/// then the timer; both callers share them, so their history has one shape.
/// </summary>
internal static class ExternalWait
{
    /// <summary>
    /// Waits for <paramref name="eventName"/> on <paramref name="call"/>, listed in the status as
    /// waiting for <paramref name="kind"/> while it waits.
    /// </summary>
    public static async Task<ExternalWaitOutcome<T>> ForAsync<T>(
        TaskOrchestrationContext context,
        TrackedCall call,
        PendingKind kind,
        string eventName,
        TimeSpan expiry,
        CallStatusProjection status)
        where T : class
    {
        using CancellationTokenSource cancel = new();
        call.ExpiresAt = context.CurrentUtcDateTime + expiry;
        call.Interrupt = new TaskCompletionSource<CallResolution>();
        status.StartWaiting(call, kind);
        Task<T> arrived = context.WaitForExternalEvent<T>(eventName, cancel.Token);
        Task expired = context.CreateTimer(call.ExpiresAt, cancel.Token);
        Task winner = await Task.WhenAny(arrived, expired, call.Interrupt.Task);

        // Cancel the losers: an open expiry timer would keep the run open for the whole expiry.
        // Synchronously: the framework's cancellation callbacks must run on the orchestration thread.
        CancelNow(cancel);
        status.StopWaiting(call);
        if (winner == arrived && arrived.IsCompletedSuccessfully)
        {
            return new ExternalWaitOutcome<T>(ExternalWaitEnd.Arrived, arrived.Result, null);
        }

        return winner == expired
            ? new ExternalWaitOutcome<T>(ExternalWaitEnd.Expired, null, null)
            : new ExternalWaitOutcome<T>(ExternalWaitEnd.Interrupted, null, await call.Interrupt.Task);
    }

#pragma warning disable CA1849 // CancelAsync would run the framework's callbacks on the thread pool.
    private static void CancelNow(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849
}

/// <summary>How an <see cref="ExternalWait"/> ended.</summary>
internal enum ExternalWaitEnd
{
    /// <summary>The event arrived (its payload may be JSON <c>null</c>).</summary>
    Arrived,

    /// <summary>The expiry timer fired first.</summary>
    Expired,

    /// <summary>The call's interrupt completed first: a grant or a cancellation.</summary>
    Interrupted,
}

/// <summary>The end of an <see cref="ExternalWait"/>: the event's payload, or the interrupt's resolution.</summary>
internal sealed record ExternalWaitOutcome<T>(ExternalWaitEnd End, T? Payload, CallResolution? Interruption)
    where T : class;
