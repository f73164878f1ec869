using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// Makes the tools' input schemas portable: the SDK writes an optional C# <c>string?</c> as
/// <c>"type": ["string", "null"]</c> with <c>"default": null</c>, which clients that map schemas
/// onto a single-type dialect (the inspector's portability check names Gemini's) may reject. An
/// optional argument here is simply one the caller leaves out, so each such property becomes a
/// plain <c>"type": "string"</c> that is not required.
/// </summary>
internal static class PortableInputSchemas
{
    /// <summary>Rewrites the input schema of every tool in <paramref name="options"/>.</summary>
    public static void Apply(McpServerOptions options)
    {
        foreach (McpServerTool tool in options.ToolCollection ?? [])
        {
            tool.ProtocolTool.InputSchema = Rewrite(tool.ProtocolTool.InputSchema);
        }
    }

    /// <summary>The schema with nullable scalar properties made plain.</summary>
    public static JsonElement Rewrite(JsonElement schema)
    {
        if (JsonNode.Parse(schema.GetRawText()) is not JsonObject root || root["properties"] is not JsonObject properties)
        {
            return schema;
        }

        foreach ((_, JsonNode? property) in properties)
        {
            if (property is JsonObject p && p["type"] is JsonArray types && types.Count == 2 && types.Any(t => t?.GetValue<string>() == "null"))
            {
                p["type"] = types.First(t => t?.GetValue<string>() != "null")!.GetValue<string>();
                if (p.TryGetPropertyValue("default", out JsonNode? value) && value is null)
                {
                    p.Remove("default");
                }
            }
        }

        return JsonSerializer.SerializeToElement(root);
    }
}
