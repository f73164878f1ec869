using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers.OpenAIResponses;

/// <summary>
/// Responses input items: reasoning, assistant messages, <c>function_call</c> for scripts and the
/// model's own calls (verbatim) in order, then one <c>function_call_output</c> per script. The
/// caller appends the outputs of the calls it executes.
/// </summary>
internal static class OpenAIResponsesWriter
{
    public static JsonArray Write(IReadOnlyList<FollowUpElement> elements)
    {
        var items = new JsonArray();
        foreach (FollowUpElement element in elements)
        {
            items.Add(element switch
            {
                FollowUpThinking thinking => thinking.Thinking.Original!.DeepClone(),
                FollowUpText text => new JsonObject
                {
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "output_text", ["text"] = text.Text }),
                },
                FollowUpScript script => new JsonObject
                {
                    ["type"] = "function_call",
                    ["call_id"] = script.CallId,
                    ["name"] = ScriptToolName.Name,
                    ["arguments"] = ProviderJson.ArgumentsText(script.Arguments()),
                },
                FollowUpToolCall call => call.Call.Original?.DeepClone() ?? new JsonObject
                {
                    ["type"] = "function_call",
                    ["call_id"] = call.Call.CallId,
                    ["name"] = call.Call.Name,
                    ["arguments"] = ProviderJson.ArgumentsText(call.Call.Arguments),
                },
                _ => throw new InvalidOperationException($"Unknown element {element.GetType().Name}."),
            });
        }

        foreach (FollowUpScript script in elements.OfType<FollowUpScript>())
        {
            items.Add(new JsonObject { ["type"] = "function_call_output", ["call_id"] = script.CallId, ["output"] = script.Output });
        }

        return items;
    }
}
