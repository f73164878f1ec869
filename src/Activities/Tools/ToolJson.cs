using System.Text.Json;
using System.Text.Json.Nodes;

namespace ScriptHarness.Activities.Tools;

/// <summary>Small helpers for schemas and results as <see cref="JsonElement"/>.</summary>
internal static class ToolJson
{
    /// <summary>Parses constant JSON text (schemas, dry-run results) once.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Turns a built result into a detached element.</summary>
    public static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node);
}
