using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers.OpenAIChat;

/// <summary>
/// One assistant message (text, optional reasoning field, <c>tool_calls</c> for scripts and the
/// model's own calls in order), then one <c>tool</c> message per script. The caller appends the
/// <c>tool</c> messages of the calls it executes.
/// </summary>
internal static class OpenAIChatWriter
{
    public static JsonArray Write(IReadOnlyList<FollowUpElement> elements, SerializationOptions options)
    {
        List<string> texts = elements.OfType<FollowUpText>().Select(t => t.Text).ToList();
        var assistant = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = texts.Count > 0 ? string.Join("\n\n", texts) : null,
        };

        List<string> reasoning = elements.OfType<FollowUpThinking>().Select(t => t.Thinking.Text).ToList();
        if (reasoning.Count > 0 && options.ChatReasoningField is string field)
        {
            assistant[field] = string.Join("\n\n", reasoning);
        }

        List<JsonNode> calls = [];
        foreach (FollowUpElement element in elements)
        {
            switch (element)
            {
                case FollowUpScript script:
                    calls.Add(new JsonObject
                    {
                        ["id"] = script.CallId,
                        ["type"] = "function",
                        ["function"] = new JsonObject
                        {
                            ["name"] = ScriptToolName.Name,
                            ["arguments"] = ProviderJson.ArgumentsText(script.Arguments()),
                        },
                    });
                    break;
                case FollowUpToolCall call:
                    calls.Add(call.Call.Original?.DeepClone() ?? new JsonObject
                    {
                        ["id"] = call.Call.CallId,
                        ["type"] = "function",
                        ["function"] = new JsonObject { ["name"] = call.Call.Name, ["arguments"] = ProviderJson.ArgumentsText(call.Call.Arguments) },
                    });
                    break;
            }
        }

        if (calls.Count > 0)
        {
            assistant["tool_calls"] = new JsonArray([.. calls]);
        }

        var messages = new JsonArray(assistant);
        foreach (FollowUpScript script in elements.OfType<FollowUpScript>())
        {
            messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = script.CallId, ["content"] = script.Output });
        }

        return messages;
    }
}
