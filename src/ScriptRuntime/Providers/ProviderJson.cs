using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers;

/// <summary>JSON helpers every format's reader and writer share: tolerant reads of provider JSON.</summary>
internal static class ProviderJson
{
    /// <summary>The objects of an array node; nothing for anything else.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>A string member, or null when absent or not a string.</summary>
    public static string? StringOf(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Whether a member is the JSON literal true.</summary>
    public static bool IsTrue(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    /// <summary>Non-empty texts joined by blank lines.</summary>
    public static string Join(IEnumerable<string?> texts) =>
        string.Join("\n\n", texts.Where(t => !string.IsNullOrEmpty(t)));

    /// <summary>Adds text, merged with a text part just before it: a tag split across pieces is still found.</summary>
    public static void AddText(List<ModelOutputPart> parts, string text)
    {
        if (parts.Count > 0 && parts[^1] is TextPart previous)
        {
            parts[^1] = new TextPart(previous.Text + text);
        }
        else
        {
            parts.Add(new TextPart(text));
        }
    }

    /// <summary>
    /// Arguments given as JSON text (OpenAI's <c>arguments</c>): the parsed JSON, or the text as a
    /// JSON string when it does not parse, so a model's broken arguments reach the caller unchanged.
    /// </summary>
    public static JsonNode ArgumentsFromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonObject();
        }

        try
        {
            return JsonNode.Parse(text) ?? JsonValue.Create(text);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // ArgumentException: a lone surrogate, which cannot become UTF-8 JSON.
            return JsonValue.Create(text);
        }
    }

    /// <summary>The arguments of a call as JSON text, for providers that carry them as a string.</summary>
    public static string ArgumentsText(JsonNode arguments) =>
        arguments is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : arguments.ToJsonString(ModelReportFormatter.ModelJson);

    /// <summary>The parameters schema of the <c>script</c> tool, the same in every provider.</summary>
    public static JsonObject ScriptParameters() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            [ScriptToolName.Argument] = new JsonObject { ["type"] = "string", ["description"] = "The script's JavaScript source." },
        },
        ["required"] = new JsonArray(ScriptToolName.Argument),
        ["additionalProperties"] = false,
    };
}
