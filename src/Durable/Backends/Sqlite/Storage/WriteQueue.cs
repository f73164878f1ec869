namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// The writer thread's queue: many producers, one consumer that takes everything queued so far
/// as one batch. The consumer blocks at once when the queue is empty, instead of spinning first
/// as <c>BlockingCollection</c> (its <c>SemaphoreSlim</c>) does: a sequential workflow empties
/// the queue after every request, so each request used to cost the writer a round of
/// <c>sched_yield</c> before it slept (issue 24 profile).
/// </summary>
internal sealed class WriteQueue<T>
    where T : class
{
    // Monitor.Wait / Pulse need a plain object (System.Threading.Lock has no condition wait).
    private readonly object gate = new();
    private readonly Queue<T> items = new();
    private bool completed;
    private bool consumerWaiting;

    /// <summary>Queues <paramref name="item"/>; false once <see cref="Complete"/> was called.</summary>
    public bool TryAdd(T item)
    {
        lock (this.gate)
        {
            if (this.completed)
            {
                return false;
            }

            this.items.Enqueue(item);
            if (this.consumerWaiting)
            {
                Monitor.Pulse(this.gate);
            }
        }

        return true;
    }

    /// <summary>No more items are accepted; the consumer still takes those already queued.</summary>
    public void Complete()
    {
        lock (this.gate)
        {
            this.completed = true;
            Monitor.PulseAll(this.gate);
        }
    }

    /// <summary>
    /// Waits until at least one item is queued and moves up to <paramref name="max"/> of them, in
    /// order, into <paramref name="batch"/>; false when the queue is completed and empty.
    /// </summary>
    public bool TakeBatch(List<T> batch, int max)
    {
        lock (this.gate)
        {
            while (this.items.Count == 0)
            {
                if (this.completed)
                {
                    return false;
                }

                this.consumerWaiting = true;
                Monitor.Wait(this.gate);
                this.consumerWaiting = false;
            }

            while (batch.Count < max && this.items.TryDequeue(out T? item))
            {
                batch.Add(item);
            }

            return true;
        }
    }
}
