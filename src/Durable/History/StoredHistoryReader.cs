using System.Runtime.CompilerServices;
using DurableTask.Core.History;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ScriptHarness.Durable.History;

/// <summary>
/// Reads the history JSON that <c>IOrchestrationServiceClient.GetOrchestrationHistoryAsync</c>
/// returns. Providers serialize DTFx events without type names (Azure Storage does), so each
/// element's <c>EventType</c> picks the concrete event class.
/// </summary>
public static class StoredHistoryReader
{
    private static readonly Dictionary<EventType, Type> TypesByEventType = HistoryEvent.KnownTypes()
        .Where(t => !t.IsAbstract && typeof(HistoryEvent).IsAssignableFrom(t))
        .Select(t => (Type: t, Instance: (HistoryEvent)RuntimeHelpers.GetUninitializedObject(t)))
        .GroupBy(x => x.Instance.EventType)
        // ContinueAsNewEvent shares ExecutionCompleted's base; the exact class name wins.
        .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Type.Name == g.Key + "Event" ? 0 : 1).First().Type);

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        DateParseHandling = DateParseHandling.DateTime,
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
    });

    /// <summary>Parses a stored history; an empty or null string is an empty history.</summary>
    /// <exception cref="FormatException">An element has an unknown or missing event type.</exception>
    public static IList<HistoryEvent> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        JArray array = JArray.Parse(json);
        List<HistoryEvent> events = new(array.Count);
        foreach (JToken token in array)
        {
            if (token is not JObject item)
            {
                throw new FormatException("A history element is not an object.");
            }

            JToken? typeToken = item.GetValue("EventType", StringComparison.OrdinalIgnoreCase);
            EventType eventType = typeToken?.Type switch
            {
                JTokenType.Integer => (EventType)typeToken.Value<int>(),
                JTokenType.String => Enum.Parse<EventType>(typeToken.Value<string>()!, ignoreCase: true),
                _ => throw new FormatException("A history element has no EventType."),
            };
            if (!TypesByEventType.TryGetValue(eventType, out Type? type))
            {
                throw new FormatException($"History event type {eventType} is not known.");
            }

            events.Add((HistoryEvent)item.ToObject(type, Serializer)!);
        }

        return events;
    }
}
