using System.Text.Json.Nodes;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>Anthropic Messages: an assistant message (thinking, text, <c>tool_use</c> in order), then a user message of <c>tool_result</c> blocks.</summary>
internal static class AnthropicMessagesWriter
{
    public static JsonArray Write(List<ConversationElement> elements)
    {
        var content = new JsonArray();
        var results = new JsonArray();
        foreach (ConversationElement element in elements)
        {
            switch (element)
            {
                case ThinkingElement thinking:
                    content.Add(thinking.Thinking.Original!.DeepClone());
                    break;
                case TextElement text:
                    content.Add(new JsonObject { ["type"] = "text", ["text"] = text.Text });
                    break;
                case CallElement call:
                    content.Add(new JsonObject
                    {
                        ["type"] = "tool_use",
                        ["id"] = call.CallId,
                        ["name"] = ScriptToolName.Name,
                        ["input"] = ConversationSerializer.Arguments(call.Block),
                    });
                    var result = new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = call.CallId, ["content"] = call.Output };
                    if (call.IsError)
                    {
                        result["is_error"] = true;
                    }

                    results.Add(result);
                    break;
            }
        }

        var messages = new JsonArray(new JsonObject { ["role"] = "assistant", ["content"] = content });
        if (results.Count > 0)
        {
            messages.Add(new JsonObject { ["role"] = "user", ["content"] = results });
        }

        return messages;
    }
}
