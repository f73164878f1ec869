using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using static ScriptHarness.ScriptRuntime.Providers.ProviderJson;

namespace ScriptHarness.ScriptRuntime.Providers.OpenAIChat;

/// <summary>
/// Reads the first choice's message: <c>reasoning_content</c> (or <c>reasoning</c>) is thinking,
/// <c>content</c> (a string or text parts, else the refusal) is text, then each <c>tool_calls</c>
/// entry is a structured call (Chat puts them after the text).
/// </summary>
internal static class OpenAIChatReader
{
    public static List<ModelOutputPart> Read(JsonObject response, IProviderFormat format)
    {
        var parts = new List<ModelOutputPart>();
        if (Objects(response["choices"]).FirstOrDefault()?["message"] is not JsonObject message)
        {
            return parts;
        }

        string? reasoning = StringOf(message, "reasoning_content") ?? StringOf(message, "reasoning");
        if (!string.IsNullOrEmpty(reasoning))
        {
            parts.Add(new ThinkingPart(reasoning) { Source = format });
        }

        string? content = message["content"] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonArray array => string.Concat(Objects(array).Select(p => StringOf(p, "text"))),
            _ => StringOf(message, "refusal"),
        };
        if (content is not null)
        {
            AddText(parts, content);
        }

        foreach (JsonObject call in Objects(message["tool_calls"]))
        {
            JsonObject? function = call["function"] as JsonObject;
            JsonObject? custom = call["custom"] as JsonObject;
            string name = (function is null ? null : StringOf(function, "name")) ?? (custom is null ? null : StringOf(custom, "name")) ?? string.Empty;
            JsonNode arguments = function is not null
                ? ArgumentsFromText(StringOf(function, "arguments"))
                : JsonValue.Create(custom is null ? string.Empty : StringOf(custom, "input") ?? string.Empty);
            parts.Add(new ToolCallPart(StringOf(call, "id"), name, arguments) { Source = format, Original = (JsonObject)call.DeepClone() });
        }

        return parts;
    }
}
