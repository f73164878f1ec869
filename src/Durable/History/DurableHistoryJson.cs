using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Durable.History;

/// <summary>Writes the audit history as JSON or JSON lines (one event per line).</summary>
public static class DurableHistoryJson
{
    /// <summary>The serializer options of the audit shape: camelCase, nulls omitted, enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>One event as a single line of JSON (no newline).</summary>
    public static string ToJsonLine(DurableHistoryEvent historyEvent) => JsonSerializer.Serialize(historyEvent, Options);

    /// <summary>Writes every event as one line of JSON.</summary>
    public static async Task WriteJsonLinesAsync(IEnumerable<DurableHistoryEvent> history, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(writer);
        foreach (DurableHistoryEvent historyEvent in history)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(ToJsonLine(historyEvent).AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads events written by <see cref="WriteJsonLinesAsync"/>.</summary>
    public static IReadOnlyList<DurableHistoryEvent> ReadJsonLines(string jsonLines)
    {
        ArgumentNullException.ThrowIfNull(jsonLines);
        return jsonLines
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonSerializer.Deserialize<DurableHistoryEvent>(line, Options)
                ?? throw new JsonException("A history line was null."))
            .ToList();
    }
}
