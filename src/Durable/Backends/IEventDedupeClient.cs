namespace ScriptHarness.Durable.Backends;

/// <summary>
/// A backend client that can raise an external event at most once per name and instance, decided
/// inside its store: two processes raising different payloads under one name learn, through the
/// store, which one the instance got. Implemented by the SQLite store; the Azure Storage and
/// in-memory backends do not (their queues cannot be searched in a transaction), and callers fall
/// back to what their own process delivered.
/// </summary>
public interface IEventDedupeClient
{
    /// <summary>
    /// Raises <paramref name="eventName"/> with <paramref name="input"/> unless the instance's
    /// current execution already has an event of that name, waiting or processed; the check and
    /// the write are one transaction.
    /// </summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="eventName">The event's name.</param>
    /// <param name="input">The serialized payload.</param>
    /// <returns>Whether this call raised it, and otherwise the payload of the event that was there first.</returns>
    Task<EventOnceResult> RaiseEventOnceAsync(string instanceId, string eventName, string? input);

    /// <summary>Events raised to the instance whose names start with <paramref name="namePrefix"/> and that its orchestration has not processed yet, oldest first.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="namePrefix">The start of the names to read.</param>
    Task<IReadOnlyList<WaitingEvent>> GetWaitingEventsAsync(string instanceId, string namePrefix);
}
