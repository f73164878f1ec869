using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// The decisions this client delivered recently, by run and call. A run records a decision only
/// when its next episode runs, so two different decisions posted in that window would both see
/// the call pending; remembering what was delivered lets the second be refused as a conflict
/// (or be a no-op when it agrees). Bounded, oldest forgotten first; only this process's
/// deliveries are known (the run stays authoritative for the rest).
/// </summary>
internal sealed class DeliveredDecisions
{
    private const int Capacity = 10_000;
    private const int Stripes = 64;

    private readonly Dictionary<(string InstanceId, int CallId), DecisionVerdict> delivered = [];
    private readonly Queue<(string InstanceId, int CallId)> order = new();
    private readonly SemaphoreSlim[] gates = [.. Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>
    /// Serializes check-then-deliver of decisions on one run within this process; runs that
    /// hash to other stripes are decided in parallel.
    /// </summary>
    public SemaphoreSlim GateFor(string instanceId) =>
        this.gates[(uint)StringComparer.Ordinal.GetHashCode(instanceId) % Stripes];

    /// <summary>The verdict delivered for the call, if this client delivered one.</summary>
    public DecisionVerdict? Find(string instanceId, int callId)
    {
        lock (this.delivered)
        {
            return this.delivered.TryGetValue((instanceId, callId), out DecisionVerdict verdict) ? verdict : null;
        }
    }

    /// <summary>Remembers a delivered decision.</summary>
    public void Remember(string instanceId, int callId, DecisionVerdict verdict)
    {
        lock (this.delivered)
        {
            if (this.delivered.TryAdd((instanceId, callId), verdict))
            {
                this.order.Enqueue((instanceId, callId));
                if (this.order.Count > Capacity)
                {
                    this.delivered.Remove(this.order.Dequeue());
                }
            }
        }
    }
}
