using DurableTask.Core;
using DurableTask.Core.History;
using Newtonsoft.Json;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// Stores history events as plain JSON (the framework's data-contract members) next to their
/// <see cref="EventType"/> column and maps the type back on read: no type names in the file, so a
/// crafted database cannot make the reader instantiate arbitrary types.
/// </summary>
internal static class EventSerializer
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        TypeNameHandling = TypeNameHandling.None,
        DateParseHandling = DateParseHandling.None,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        ConstructorHandling = ConstructorHandling.AllowNonPublicDefaultConstructor,
        NullValueHandling = NullValueHandling.Ignore,
        MaxDepth = 128,
    };

    private static readonly JsonSerializerSettings HistoryExportSettings = new()
    {
        TypeNameHandling = TypeNameHandling.Objects,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        NullValueHandling = NullValueHandling.Ignore,
    };

    public static string Serialize(HistoryEvent historyEvent) => JsonConvert.SerializeObject(historyEvent, Settings);

    public static string SerializeObject(object value) => JsonConvert.SerializeObject(value, Settings);

    public static T? DeserializeObject<T>(string json) => JsonConvert.DeserializeObject<T>(json, Settings);

    public static HistoryEvent Deserialize(string eventType, string json)
    {
        if (!Enum.TryParse(eventType, out EventType type))
        {
            throw new JsonSerializationException($"Unknown history event type '{eventType}'.");
        }

        return (HistoryEvent)(JsonConvert.DeserializeObject(json, TypeOf(type), Settings)
            ?? throw new JsonSerializationException($"Empty history event of type '{eventType}'."));
    }

    /// <summary>
    /// The history as returned by <c>GetOrchestrationHistoryAsync</c>: a JSON array readable both
    /// by the framework's <c>JsonDataConverter</c> (<c>$type</c>) and by <c>EventType</c>.
    /// </summary>
    public static string SerializeHistory(IReadOnlyList<HistoryEvent> events) => JsonConvert.SerializeObject(events, HistoryExportSettings);

    public static TaskMessage ToMessage(HistoryEvent historyEvent, string instanceId, string? executionId, long sequenceNumber) => new()
    {
        Event = historyEvent,
        SequenceNumber = sequenceNumber,
        OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = executionId },
    };

    private static Type TypeOf(EventType type) => type switch
    {
        EventType.ExecutionStarted => typeof(ExecutionStartedEvent),
        EventType.ExecutionCompleted => typeof(ExecutionCompletedEvent),
        EventType.ExecutionTerminated => typeof(ExecutionTerminatedEvent),
        EventType.TaskScheduled => typeof(TaskScheduledEvent),
        EventType.TaskCompleted => typeof(TaskCompletedEvent),
        EventType.TaskFailed => typeof(TaskFailedEvent),
        EventType.SubOrchestrationInstanceCreated => typeof(SubOrchestrationInstanceCreatedEvent),
        EventType.SubOrchestrationInstanceCompleted => typeof(SubOrchestrationInstanceCompletedEvent),
        EventType.SubOrchestrationInstanceFailed => typeof(SubOrchestrationInstanceFailedEvent),
        EventType.TimerCreated => typeof(TimerCreatedEvent),
        EventType.TimerFired => typeof(TimerFiredEvent),
        EventType.OrchestratorStarted => typeof(OrchestratorStartedEvent),
        EventType.OrchestratorCompleted => typeof(OrchestratorCompletedEvent),
        EventType.EventSent => typeof(EventSentEvent),
        EventType.EventRaised => typeof(EventRaisedEvent),
        EventType.ContinueAsNew => typeof(ContinueAsNewEvent),
        EventType.GenericEvent => typeof(GenericEvent),
        EventType.HistoryState => typeof(HistoryStateEvent),
        EventType.ExecutionSuspended => typeof(ExecutionSuspendedEvent),
        EventType.ExecutionResumed => typeof(ExecutionResumedEvent),
        EventType.ExecutionRewound => typeof(ExecutionRewoundEvent),
        _ => throw new JsonSerializationException($"History event type '{type}' is not supported by the SQLite store."),
    };
}
