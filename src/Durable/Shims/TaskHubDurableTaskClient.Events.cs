using ScriptHarness.Durable.Backends;

namespace ScriptHarness.Durable.Shims;

/// <summary>
/// Events raised at most once per name, when the backend decides that in its store
/// (<see cref="IEventDedupeClient"/>); payloads go through the same data converter as
/// <see cref="RaiseEventAsync"/>, so the orchestration reads them the same way.
/// </summary>
public sealed partial class TaskHubDurableTaskClient
{
    /// <summary>Whether the backend raises events once per name in its store (SQLite does; Azure Storage and in-memory do not).</summary>
    public bool CanRaiseEventsOnce => this.serviceClient is IEventDedupeClient;

    /// <summary>
    /// Raises <paramref name="eventName"/> unless the instance already has an event of that name
    /// (waiting or processed), decided in the store; null when the backend cannot
    /// (<see cref="CanRaiseEventsOnce"/> is false: nothing was sent).
    /// </summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="instanceId">The instance.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="cancellation">Cancels before the write.</param>
    /// <returns>The outcome, with the payload that was there first when it was already raised.</returns>
    public async Task<(EventOnceOutcome Outcome, T? Existing)?> RaiseEventOnceAsync<T>(string instanceId, string eventName, T payload, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        cancellation.ThrowIfCancellationRequested();
        if (this.serviceClient is not IEventDedupeClient dedupe)
        {
            return null;
        }

        EventOnceResult result = await dedupe.RaiseEventOnceAsync(instanceId, eventName, this.dataConverter.Serialize(payload)).ConfigureAwait(false);
        T? existing = result.ExistingInput is { } input ? this.dataConverter.Deserialize<T>(input) : default;
        return (result.Outcome, existing);
    }

    /// <summary>
    /// The events raised to the instance under names starting with <paramref name="namePrefix"/>
    /// that it has not processed yet, oldest first, with their payloads; null when the backend
    /// cannot tell (<see cref="CanRaiseEventsOnce"/> is false).
    /// </summary>
    /// <typeparam name="T">The payload type.</typeparam>
    /// <param name="instanceId">The instance.</param>
    /// <param name="namePrefix">The start of the names to read.</param>
    /// <param name="cancellation">Cancels before the read.</param>
    public async Task<IReadOnlyList<(string Name, T? Payload)>?> GetWaitingEventsAsync<T>(string instanceId, string namePrefix, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(namePrefix);
        cancellation.ThrowIfCancellationRequested();
        if (this.serviceClient is not IEventDedupeClient dedupe)
        {
            return null;
        }

        IReadOnlyList<WaitingEvent> events = await dedupe.GetWaitingEventsAsync(instanceId, namePrefix).ConfigureAwait(false);
        return [.. events.Select(e => (e.Name, e.Input is { } input ? this.dataConverter.Deserialize<T>(input) : default))];
    }
}
