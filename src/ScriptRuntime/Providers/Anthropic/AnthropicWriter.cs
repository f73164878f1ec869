using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers.Anthropic;

/// <summary>
/// An assistant message (thinking, text, <c>tool_use</c> for scripts and the model's own calls, in
/// order), then a user message of the scripts' <c>tool_result</c> blocks. Anthropic wants every
/// result of the assistant's calls in that one user message: the caller adds its own there.
/// </summary>
internal static class AnthropicWriter
{
    public static JsonArray Write(IReadOnlyList<FollowUpElement> elements)
    {
        var content = new JsonArray();
        var results = new JsonArray();
        foreach (FollowUpElement element in elements)
        {
            switch (element)
            {
                case FollowUpThinking thinking:
                    content.Add(thinking.Thinking.Original!.DeepClone());
                    break;
                case FollowUpText text:
                    content.Add(new JsonObject { ["type"] = "text", ["text"] = text.Text });
                    break;
                case FollowUpScript script:
                    content.Add(new JsonObject
                    {
                        ["type"] = "tool_use",
                        ["id"] = script.CallId,
                        ["name"] = ScriptToolName.Name,
                        ["input"] = script.Arguments(),
                    });
                    var result = new JsonObject { ["type"] = "tool_result", ["tool_use_id"] = script.CallId, ["content"] = script.Output };
                    if (script.IsError)
                    {
                        result["is_error"] = true;
                    }

                    results.Add(result);
                    break;
                case FollowUpToolCall call:
                    content.Add(call.Call.Original?.DeepClone() ?? new JsonObject
                    {
                        ["type"] = "tool_use",
                        ["id"] = call.Call.CallId,
                        ["name"] = call.Call.Name,
                        ["input"] = call.Call.Arguments.DeepClone(),
                    });
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
