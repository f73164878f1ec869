using System.Collections.Concurrent;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.ScriptRuntime.Sandbox;

/// <summary>
/// Hardened sandboxes made ahead of time, so a run's start does not pay for freezing the
/// intrinsics. Each sandbox is handed out once and never returns: runs never share an engine.
/// Keyed by the limits fixed at engine creation (recursion depth, regex timeout, array size from memory); a run whose
/// key has no ready sandbox builds one on the spot.
/// </summary>
internal static class SandboxPool
{
    /// <summary>Most sandboxes kept ready per key (each holds a fresh engine, ~200 KB).</summary>
    public const int MaxReadyPerKey = 16;

    private static readonly ConcurrentDictionary<(int Depth, int TimeMs, long MemoryBytes), ConcurrentQueue<ScriptSandbox>> Ready = new();

    /// <summary>Builds sandboxes until <paramref name="count"/> are ready for <paramref name="limits"/>; returns how many were built.</summary>
    public static int Prewarm(ScriptLimits limits, int count)
    {
        ConcurrentQueue<ScriptSandbox> queue = Ready.GetOrAdd(Key(limits), static _ => new ConcurrentQueue<ScriptSandbox>());
        int built = 0;
        int target = Math.Clamp(count, 0, MaxReadyPerKey);
        while (queue.Count < target)
        {
            queue.Enqueue(ScriptSandbox.Create(limits, static () => DateTimeOffset.UnixEpoch, 0));
            built++;
        }

        return built;
    }

    /// <summary>A ready sandbox bound to this run, or a new one.</summary>
    public static ScriptSandbox Rent(ScriptLimits limits, Func<DateTimeOffset> clock, ulong seed)
    {
        if (Ready.TryGetValue(Key(limits), out ConcurrentQueue<ScriptSandbox>? queue) && queue.TryDequeue(out ScriptSandbox? ready))
        {
            ready.Bind(limits, clock, seed);
            return ready;
        }

        return ScriptSandbox.Create(limits, clock, seed);
    }

    /// <summary>Number of ready sandboxes for <paramref name="limits"/>.</summary>
    public static int ReadyCount(ScriptLimits limits) =>
        Ready.TryGetValue(Key(limits), out ConcurrentQueue<ScriptSandbox>? queue) ? queue.Count : 0;

    private static (int Depth, int TimeMs, long MemoryBytes) Key(ScriptLimits limits) => (limits.MaxRecursionDepth, limits.ExecutionTimeMs, limits.MemoryBytes);
}
