using System.Collections.Concurrent;
using System.Diagnostics;
using ScriptHarness.Durable.Backends.Sqlite.Signals;
using ScriptHarness.Durable.Backends.Sqlite.Storage;

namespace ScriptHarness.Durable.Backends.Sqlite.WorkItems;

/// <summary>
/// The fetch loop of one kind of work item (orchestrations or activities): hand out an item
/// locked ahead, else probe the store and lock a batch when work is ready, else sleep until the
/// next row comes due, this process signals new work, or the polling back-off runs out.
/// </summary>
/// <remarks>
/// The ticket is taken before the probe so that a commit between the probe and the wait still
/// wakes the loop. Work written by another process is only seen by probing, so the back-off
/// doubles from the minimum to the maximum polling interval while nothing is found, and drops
/// back to the minimum after a wake-up or a locked batch.
/// </remarks>
/// <param name="signal">Set by this process whenever it adds work of this kind.</param>
/// <param name="prefetched">Items locked by <paramref name="lockBatch"/> and not handed out yet.</param>
/// <param name="claim">Turns a prefetched item into the work item to hand out, or null when it is no longer valid (lock lost, nothing left to do).</param>
/// <param name="probe">Reads, at the given time in UTC ticks, whether lockable work exists and when the next row comes due.</param>
/// <param name="lockBatch">Locks a batch of ready work and adds it to <paramref name="prefetched"/>.</param>
/// <param name="minPollingInterval">The first and shortest sleep.</param>
/// <param name="maxPollingInterval">The longest sleep without a wake-up.</param>
internal sealed class WorkItemPoller<T>(
    WakeSignal signal,
    ConcurrentQueue<T> prefetched,
    Func<T, ValueTask<T?>> claim,
    Func<long, Task<(bool Ready, long? NextDueTicks)>> probe,
    Func<Task> lockBatch,
    TimeSpan minPollingInterval,
    TimeSpan maxPollingInterval)
    where T : class
{
    /// <summary>The next work item, or null when <paramref name="receiveTimeout"/> passes or <paramref name="cancellationToken"/> is cancelled first.</summary>
    public async Task<T?> NextAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        TimeSpan backoff = minPollingInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (prefetched.TryDequeue(out T? locked))
            {
                if (await claim(locked).ConfigureAwait(false) is { } workItem)
                {
                    return workItem;
                }

                continue;
            }

            Task ticket = signal.Ticket;
            long now = SqliteTime.NowTicks();
            (bool ready, long? nextDue) = await probe(now).ConfigureAwait(false);
            if (ready)
            {
                await lockBatch().ConfigureAwait(false);
                backoff = minPollingInterval;
                continue;
            }

            TimeSpan remaining = receiveTimeout - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            TimeSpan wait = Min(backoff, remaining);
            if (nextDue is { } next)
            {
                wait = Min(wait, TimeSpan.FromTicks(Math.Max(0, next - now)));
            }

            await WakeSignal.WaitAsync(ticket, wait, cancellationToken).ConfigureAwait(false);
            backoff = ticket.IsCompleted ? minPollingInterval : Min(backoff * 2, maxPollingInterval);
        }

        return null;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
