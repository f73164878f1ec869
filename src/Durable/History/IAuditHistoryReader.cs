namespace ScriptHarness.Durable.History;

/// <summary>
/// Serves an orchestration's history in the audit shape (<see cref="DurableHistoryEvent"/>), so
/// that callers above the durable layer never read the framework's own history events.
/// <c>AddScriptHarnessDurable</c> registers one over the container's durable client.
/// </summary>
public interface IAuditHistoryReader
{
    /// <summary>
    /// The history of the current execution of <paramref name="instanceId"/>, numbered from 0;
    /// empty when no instance has that id.
    /// </summary>
    Task<IReadOnlyList<DurableHistoryEvent>> ReadAsync(string instanceId, CancellationToken cancellationToken = default);
}
