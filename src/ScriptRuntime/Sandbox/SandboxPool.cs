using System.Collections.Concurrent;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.ScriptRuntime.Sandbox;

/// <summary>
/// Hardened sandboxes made ahead of time, so a run's start does not pay for freezing the
/// intrinsics. Each sandbox is handed out once and never returns: runs never share an engine.
/// Keyed by the limits fixed at engine creation (recursion depth, regex timeout, array size from
/// memory); a run whose key has no ready sandbox builds one on the spot. A key that was
/// prewarmed is kept topped up: each rent queues a refill on the thread pool, off the run's path.
/// </summary>
internal static class SandboxPool
{
    /// <summary>Most sandboxes kept ready per key (each holds a fresh engine, ~200 KB).</summary>
    public const int MaxReadyPerKey = 16;

    private static readonly ConcurrentDictionary<(int Depth, int TimeMs, long MemoryBytes), Shelf> Shelves = new();

    /// <summary>
    /// Builds sandboxes until <paramref name="count"/> are ready for <paramref name="limits"/>, and
    /// keeps that many ready from now on; returns how many were built.
    /// </summary>
    public static int Prewarm(ScriptLimits limits, int count)
    {
        Shelf shelf = Shelves.GetOrAdd(Key(limits), static (_, l) => new Shelf(l), limits);
        shelf.Target = Math.Max(shelf.Target, Math.Clamp(count, 0, MaxReadyPerKey));
        return shelf.Fill();
    }

    /// <summary>A ready sandbox bound to this run, or a new one.</summary>
    public static ScriptSandbox Rent(ScriptLimits limits, Func<DateTimeOffset> clock, ulong seed)
    {
        if (Shelves.TryGetValue(Key(limits), out Shelf? shelf))
        {
            bool hit = shelf.Ready.TryDequeue(out ScriptSandbox? ready);
            if (!hit)
            {
                shelf.GrowAfterMiss();
            }

            shelf.RefillInBackground();
            if (hit)
            {
                Interlocked.Increment(ref shelf.Hits);
                ready!.Bind(limits, clock, seed);
                return ready;
            }
        }

        return ScriptSandbox.Create(limits, clock, seed);
    }

    /// <summary>Number of ready sandboxes for <paramref name="limits"/>.</summary>
    public static int ReadyCount(ScriptLimits limits) =>
        Shelves.TryGetValue(Key(limits), out Shelf? shelf) ? shelf.Ready.Count : 0;

    /// <summary>How many sandboxes the pool keeps ready for <paramref name="limits"/> (grows after misses).</summary>
    public static int TargetCount(ScriptLimits limits) =>
        Shelves.TryGetValue(Key(limits), out Shelf? shelf) ? shelf.Target : 0;

    /// <summary>How many runs with <paramref name="limits"/> got a ready sandbox.</summary>
    public static long HitCount(ScriptLimits limits) =>
        Shelves.TryGetValue(Key(limits), out Shelf? shelf) ? Interlocked.Read(ref shelf.Hits) : 0;

    private static (int Depth, int TimeMs, long MemoryBytes) Key(ScriptLimits limits) => (limits.MaxRecursionDepth, limits.ExecutionTimeMs, limits.MemoryBytes);

    private sealed class Shelf(ScriptLimits limits)
    {
        private int refilling;

#pragma warning disable CA1051 // Incremented with Interlocked, so a field.
        public long Hits;
#pragma warning restore CA1051

        public ConcurrentQueue<ScriptSandbox> Ready { get; } = new();

        public int Target { get; set; }

        /// <summary>
        /// A run found the shelf empty (a burst larger than it): the target doubles, up to
        /// <see cref="MaxReadyPerKey"/>, so the refill keeps enough for the next burst of that size.
        /// </summary>
        public void GrowAfterMiss()
        {
            if (this.Target > 0)
            {
                this.Target = Math.Min(MaxReadyPerKey, this.Target * 2);
            }
        }

        public int Fill()
        {
            int built = 0;
            while (this.Ready.Count < this.Target)
            {
                this.Ready.Enqueue(ScriptSandbox.Create(limits, static () => DateTimeOffset.UnixEpoch, 0));
                built++;
            }

            return built;
        }

        public void RefillInBackground()
        {
            if (this.Target == 0 || this.Ready.Count >= this.Target || Interlocked.Exchange(ref this.refilling, 1) == 1)
            {
                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(
                static shelf =>
                {
                    try
                    {
                        shelf.Fill();
                    }
                    finally
                    {
                        Volatile.Write(ref shelf.refilling, 0);
                    }
                },
                this,
                preferLocal: false);
        }
    }
}
