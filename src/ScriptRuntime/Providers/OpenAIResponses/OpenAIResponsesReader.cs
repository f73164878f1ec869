using System.Text;
using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using static ScriptHarness.ScriptRuntime.Providers.ProviderJson;

namespace ScriptHarness.ScriptRuntime.Providers.OpenAIResponses;

/// <summary>
/// Reads Responses <c>output</c> items: <c>reasoning</c> is thinking (kept verbatim with its id and
/// encrypted content), <c>message</c> is text (output text and refusals), <c>function_call</c> and
/// <c>custom_tool_call</c> are structured calls. Server-side tool items are not the caller's to run.
/// </summary>
internal static class OpenAIResponsesReader
{
    public static List<ModelOutputPart> Read(JsonObject response, IProviderFormat format)
    {
        var parts = new List<ModelOutputPart>();
        foreach (JsonObject item in Objects(response["output"]))
        {
            switch (StringOf(item, "type"))
            {
                case "reasoning":
                    string reasoning = Join(Objects(item["summary"]).Concat(Objects(item["content"])).Select(p => StringOf(p, "text")));
                    parts.Add(new ThinkingPart(reasoning) { Source = format, Original = (JsonObject)item.DeepClone() });
                    break;
                case "message":
                    var text = new StringBuilder();
                    foreach (JsonObject content in Objects(item["content"]))
                    {
                        text.Append(StringOf(content, "text") ?? StringOf(content, "refusal"));
                    }

                    AddText(parts, text.ToString());
                    break;
                case "function_call":
                    parts.Add(new ToolCallPart(StringOf(item, "call_id"), StringOf(item, "name") ?? string.Empty, ArgumentsFromText(StringOf(item, "arguments")))
                    {
                        Source = format,
                        Original = (JsonObject)item.DeepClone(),
                    });
                    break;
                case "custom_tool_call":
                    parts.Add(new ToolCallPart(StringOf(item, "call_id"), StringOf(item, "name") ?? string.Empty, JsonValue.Create(StringOf(item, "input") ?? string.Empty))
                    {
                        Source = format,
                        Original = (JsonObject)item.DeepClone(),
                    });
                    break;
            }
        }

        return parts;
    }
}
