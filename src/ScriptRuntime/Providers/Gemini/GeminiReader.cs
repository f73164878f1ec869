using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using static ScriptHarness.ScriptRuntime.Providers.ProviderJson;

namespace ScriptHarness.ScriptRuntime.Providers.Gemini;

/// <summary>
/// Reads the first candidate's <c>content.parts</c>: a part marked <c>thought</c> is thinking (kept
/// verbatim with its <c>thoughtSignature</c>), a <c>text</c> part is text, a <c>functionCall</c>
/// part is a structured call (kept verbatim: Gemini wants its signature back). A signature on a
/// text part is kept as signature-only thinking just before that text, so it goes back with it.
/// </summary>
internal static class GeminiReader
{
    public static List<ModelOutputPart> Read(JsonObject response, IProviderFormat format)
    {
        var parts = new List<ModelOutputPart>();
        JsonObject? content = Objects(response["candidates"]).FirstOrDefault()?["content"] as JsonObject;
        foreach (JsonObject part in Objects(content?["parts"]))
        {
            string? signature = StringOf(part, "thoughtSignature");
            if (part["functionCall"] is JsonObject call)
            {
                parts.Add(new ToolCallPart(StringOf(call, "id"), StringOf(call, "name") ?? string.Empty, call["args"]?.DeepClone() ?? new JsonObject())
                {
                    Source = format,
                    Original = (JsonObject)part.DeepClone(),
                });
            }
            else if (IsTrue(part, "thought"))
            {
                parts.Add(new ThinkingPart(StringOf(part, "text") ?? string.Empty) { Source = format, Signature = signature, Original = (JsonObject)part.DeepClone() });
            }
            else if (StringOf(part, "text") is string text)
            {
                if (signature is not null)
                {
                    parts.Add(new ThinkingPart(string.Empty) { Source = format, Signature = signature });
                }

                AddText(parts, text);
            }
        }

        return parts;
    }
}
