using System.Collections.Concurrent;

namespace ScriptHarness.Activities.Cancellation;

/// <summary>
/// The side channel that cancels a running tool call. The framework gives activities no
/// cancellation token, so the orchestration layer calls <see cref="Cancel"/> with the call's
/// idempotency key and the activity running that call observes it (<c>exec</c> kills its
/// process tree). A cancel that arrives before the activity starts is remembered, so the call
/// stops as soon as it begins. In-process: each worker process has one instance (a singleton).
/// </summary>
public sealed class ToolCancellation
{
    // Cancels for calls that never start must not accumulate without bound.
    private const int MaxPendingCancels = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    /// <summary>Asks the call with <paramref name="idempotencyKey"/> to stop. True when a running call was signalled.</summary>
    public bool Cancel(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        if (this.entries.Count >= MaxPendingCancels)
        {
            this.PruneIdle();
        }

        Entry entry = this.entries.GetOrAdd(idempotencyKey, static _ => new Entry());
        entry.Source.Cancel();
        return entry.Running > 0;
    }

    /// <summary>Whether a cancel was requested for the key (and not yet consumed by a finished call).</summary>
    public bool IsCancellationRequested(string idempotencyKey) =>
        this.entries.TryGetValue(idempotencyKey, out Entry? entry) && entry.Source.IsCancellationRequested;

    /// <summary>
    /// Marks the call as running and returns the token its tool observes; dispose the lease when
    /// the call ends. Retries of the same call (same key) share the token.
    /// </summary>
    public Lease Track(string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        while (true)
        {
            Entry entry = this.entries.GetOrAdd(idempotencyKey, static _ => new Entry());
            lock (entry)
            {
                if (!entry.Removed)
                {
                    entry.Running++;
                    return new Lease(this, idempotencyKey, entry);
                }
            }
        }
    }

    private void Release(string key, Entry entry)
    {
        lock (entry)
        {
            if (--entry.Running == 0)
            {
                entry.Removed = true;
                this.entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));

                // The source is not disposed: a concurrent Cancel may still be signalling it.
            }
        }
    }

    private void PruneIdle()
    {
        foreach (KeyValuePair<string, Entry> pair in this.entries)
        {
            lock (pair.Value)
            {
                if (pair.Value.Running == 0)
                {
                    pair.Value.Removed = true;
                    this.entries.TryRemove(pair);
                }
            }
        }
    }

    /// <summary>A running call's registration; its token fires when the call is cancelled.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly ToolCancellation owner;
        private readonly string key;
        private readonly Entry entry;
        private int disposed;

        internal Lease(ToolCancellation owner, string key, Entry entry)
        {
            this.owner = owner;
            this.key = key;
            this.entry = entry;
            this.Token = entry.Source.Token;
        }

        /// <summary>Fires when <see cref="Cancel"/> is called for this call.</summary>
        public CancellationToken Token { get; }

        /// <inheritdoc />
        public void Dispose()
        {
            if (Interlocked.Exchange(ref this.disposed, 1) == 0)
            {
                this.owner.Release(this.key, this.entry);
            }
        }
    }

    internal sealed class Entry
    {
        public CancellationTokenSource Source { get; } = new();

        public int Running { get; set; }

        public bool Removed { get; set; }
    }
}
