using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Durable.History;

/// <summary>
/// A history event's type in kebab case in JSON (<c>task-scheduled</c>), like every enum of the
/// HTTP contract, while <see cref="DurableHistoryEvent.Type"/> keeps the framework's camelCase
/// name in memory. Reading accepts both spellings, so JSON lines written before read the same.
/// </summary>
internal sealed class HistoryEventTypeJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        if (text is null || !text.Contains('-', StringComparison.Ordinal))
        {
            return text;
        }

        string[] words = text.Split('-', StringSplitOptions.RemoveEmptyEntries);
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(JsonNamingPolicy.KebabCaseLower.ConvertName(value));
    }
}
