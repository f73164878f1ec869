using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using static ScriptHarness.ScriptRuntime.Providers.ProviderJson;

namespace ScriptHarness.ScriptRuntime.Providers.Anthropic;

/// <summary>
/// Reads <c>content</c> blocks: <c>text</c> is text, <c>thinking</c> (with its signature) and
/// <c>redacted_thinking</c> are thinking kept verbatim, <c>tool_use</c> is a structured call.
/// </summary>
internal static class AnthropicReader
{
    public static List<ModelOutputPart> Read(JsonObject response, IProviderFormat format)
    {
        var parts = new List<ModelOutputPart>();
        foreach (JsonObject block in Objects(response["content"]))
        {
            switch (StringOf(block, "type"))
            {
                case "text":
                    AddText(parts, StringOf(block, "text") ?? string.Empty);
                    break;
                case "thinking":
                case "redacted_thinking":
                    parts.Add(new ThinkingPart(StringOf(block, "thinking") ?? string.Empty)
                    {
                        Source = format,
                        Signature = StringOf(block, "signature"),
                        Original = (JsonObject)block.DeepClone(),
                    });
                    break;
                case "tool_use":
                    parts.Add(new ToolCallPart(StringOf(block, "id"), StringOf(block, "name") ?? string.Empty, block["input"]?.DeepClone() ?? new JsonObject())
                    {
                        Source = format,
                        Original = (JsonObject)block.DeepClone(),
                    });
                    break;
            }
        }

        return parts;
    }
}
