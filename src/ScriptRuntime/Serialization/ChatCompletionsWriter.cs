using System.Text.Json.Nodes;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>OpenAI Chat Completions messages: one assistant message with <c>tool_calls</c>, then one <c>tool</c> message per script.</summary>
internal static class ChatCompletionsWriter
{
    public static JsonArray Write(List<ConversationElement> elements, SerializationOptions options)
    {
        List<string> texts = elements.OfType<TextElement>().Select(t => t.Text).ToList();
        var assistant = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = texts.Count > 0 ? string.Join("\n\n", texts) : null,
        };

        List<string> reasoning = elements.OfType<ThinkingElement>().Select(t => t.Thinking.Text).ToList();
        if (reasoning.Count > 0 && options.ChatReasoningField is string field)
        {
            assistant[field] = string.Join("\n\n", reasoning);
        }

        List<CallElement> calls = elements.OfType<CallElement>().ToList();
        if (calls.Count > 0)
        {
            assistant["tool_calls"] = new JsonArray(calls.Select(call => (JsonNode)new JsonObject
            {
                ["id"] = call.CallId,
                ["type"] = "function",
                ["function"] = new JsonObject
                {
                    ["name"] = ScriptToolName.Name,
                    ["arguments"] = ConversationSerializer.Arguments(call.Block).ToJsonString(ModelReportFormatter.ModelJson),
                },
            }).ToArray());
        }

        var messages = new JsonArray(assistant);
        foreach (CallElement call in calls)
        {
            messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = call.CallId, ["content"] = call.Output });
        }

        return messages;
    }
}
