using Microsoft.DurableTask.Client;

namespace ScriptHarness.Durable.History;

/// <summary>
/// The <see cref="IAuditHistoryReader"/> over any <see cref="DurableTaskClient"/> that serves
/// history: it maps the client's framework events with <see cref="HistoryEventMapper"/>, so no
/// caller needs to know (or downcast to) the concrete client. Public for hosts that bring their
/// own durable client (a Durable Functions app) and build a <c>ScriptRunClient</c> over it.
/// </summary>
/// <param name="client">The durable client whose history is read.</param>
public sealed class DurableClientAuditHistoryReader(DurableTaskClient client) : IAuditHistoryReader
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<DurableHistoryEvent>> ReadAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return HistoryEventMapper.Map(await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken).ConfigureAwait(false));
    }
}
