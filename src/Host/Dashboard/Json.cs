using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScriptHarness.Host.Dashboard;

/// <summary>Reading the history's JSON, whose property casing depends on who wrote it.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The property <paramref name="name"/> of an object, any casing; null when absent.</summary>
    public static JsonNode? Get(JsonNode? node, string name) =>
        node is JsonObject o ? o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value : null;

    /// <summary>A string property, any casing.</summary>
    public static string? Text(JsonNode? node, string name) =>
        Get(node, name) is JsonValue v && v.TryGetValue(out string? s) ? s : Get(node, name)?.ToJsonString();

    /// <summary>An integer property, any casing.</summary>
    public static int? Int(JsonNode? node, string name) => Get(node, name) is JsonValue v && v.TryGetValue(out int i) ? i : null;

    /// <summary>Pretty JSON for people (the page encodes it; this only lays it out).</summary>
    public static string Pretty(JsonNode? node) => node is null ? "null" : node.ToJsonString(Indented);

    /// <summary>Pretty JSON of text that should be JSON (the status carries arguments as text, maybe cut); the text itself when it is not.</summary>
    public static string Pretty(string text)
    {
        try
        {
            return Pretty(JsonNode.Parse(text));
        }
        catch (JsonException)
        {
            return text;
        }
    }

    /// <summary>Pretty JSON of an element.</summary>
    public static string Pretty(JsonElement? element) => element is { } e ? JsonSerializer.Serialize(e, Indented) : "null";
}
