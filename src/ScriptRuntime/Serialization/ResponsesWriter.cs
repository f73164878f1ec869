using System.Text.Json.Nodes;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>OpenAI Responses input items: reasoning, assistant messages, <c>function_call</c>, then <c>function_call_output</c>.</summary>
internal static class ResponsesWriter
{
    public static JsonArray Write(List<ConversationElement> elements)
    {
        var items = new JsonArray();
        foreach (ConversationElement element in elements)
        {
            items.Add(element switch
            {
                ThinkingElement thinking => thinking.Thinking.Original!.DeepClone(),
                TextElement text => new JsonObject
                {
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text.Text }),
                },
                CallElement call => new JsonObject
                {
                    ["type"] = "function_call",
                    ["call_id"] = call.CallId,
                    ["name"] = ScriptToolName.Name,
                    ["arguments"] = ConversationSerializer.Arguments(call.Block).ToJsonString(ModelReportFormatter.ModelJson),
                },
                _ => throw new InvalidOperationException($"Unknown element {element.GetType().Name}."),
            });
        }

        foreach (CallElement call in elements.OfType<CallElement>())
        {
            items.Add(new JsonObject { ["type"] = "function_call_output", ["call_id"] = call.CallId, ["output"] = call.Output });
        }

        return items;
    }
}
