namespace ScriptHarness.Durable.Backends.Sqlite.Signals;

/// <summary>
/// An in-process wake-up. A waiter takes a <see cref="Ticket"/> BEFORE it looks for work, then
/// waits on it: a <see cref="Set"/> that happens between the look and the wait is never lost.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ticket => Volatile.Read(ref this.current).Task;

    /// <summary>Wakes everyone holding a ticket taken before this call.</summary>
    public void Set() =>
        Interlocked.Exchange(ref this.current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for the ticket, the delay or the cancellation, whichever comes first; never throws on cancellation.</summary>
    public static async Task WaitAsync(Task ticket, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (ticket.IsCompleted || delay <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
        {
            return;
        }

        await ticket.WaitAsync(delay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
