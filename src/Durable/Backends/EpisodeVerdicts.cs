using System.Collections.Concurrent;

namespace ScriptHarness.Durable.Backends;

/// <summary>What a counting backend decided about the episode it is handing out.</summary>
internal enum EpisodeVerdict
{
    /// <summary>Run it alone among suspects: it was in flight when a worker died.</summary>
    Suspect,

    /// <summary>Do not run it: fail it as quarantined (its episodes killed the worker too often).</summary>
    Quarantine,
}

/// <summary>
/// The hand-over between a backend decorator that counts dispatched episodes durably (Azure
/// Storage's <c>PoisonCountingService</c>) and the dispatcher middleware that acts on the count
/// (<c>PoisonGateMiddleware</c>): the decorator cannot fail an instance itself without rebuilding
/// the dispatcher's completion (history, instance row, the parent's failure message), while the
/// middleware can, by answering for the orchestrator without running it. One per container, in
/// the worker's process; keyed by instance id, taken by the episode it was set for.
/// </summary>
internal sealed class EpisodeVerdicts
{
    private readonly ConcurrentDictionary<string, (EpisodeVerdict Verdict, int Attempts)> verdicts = new(StringComparer.Ordinal);

    /// <summary>Set before the work item reaches the dispatcher.</summary>
    public void Set(string instanceId, EpisodeVerdict verdict, int attempts) => this.verdicts[instanceId] = (verdict, attempts);

    /// <summary>Taken by the episode's middleware (absent: run it normally).</summary>
    public bool TryTake(string instanceId, out EpisodeVerdict verdict, out int attempts)
    {
        if (this.verdicts.TryRemove(instanceId, out (EpisodeVerdict Verdict, int Attempts) entry))
        {
            (verdict, attempts) = entry;
            return true;
        }

        (verdict, attempts) = (default, 0);
        return false;
    }

    /// <summary>Forgets a verdict whose episode never ran (the work item was abandoned or released).</summary>
    public void Forget(string instanceId) => this.verdicts.TryRemove(instanceId, out _);
}
