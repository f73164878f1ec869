using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers.Gemini;

/// <summary>
/// A <c>model</c> content (thought parts, text, <c>functionCall</c> for scripts and the model's
/// own calls, in order), then a <c>user</c> content of the scripts' <c>functionResponse</c> parts
/// (<c>response.output</c>, or <c>response.error</c> when the script did not complete). The caller
/// adds the <c>functionResponse</c> parts of the calls it executes to that content.
/// </summary>
internal static class GeminiWriter
{
    public static JsonArray Write(IReadOnlyList<FollowUpElement> elements)
    {
        var parts = new JsonArray();
        var responses = new JsonArray();
        string? signature = null;

        void Add(JsonObject part)
        {
            if (signature is not null && part["thoughtSignature"] is null)
            {
                part["thoughtSignature"] = signature;
            }

            signature = null;
            parts.Add(part);
        }

        foreach (FollowUpElement element in elements)
        {
            switch (element)
            {
                case FollowUpThinking { Thinking.Original: { } original }:
                    Add((JsonObject)original.DeepClone());
                    break;
                case FollowUpThinking thinking:
                    signature = thinking.Thinking.Signature;
                    break;
                case FollowUpText text:
                    Add(new JsonObject { ["text"] = text.Text });
                    break;
                case FollowUpScript script:
                    Add(new JsonObject
                    {
                        ["functionCall"] = new JsonObject { ["id"] = script.CallId, ["name"] = ScriptToolName.Name, ["args"] = script.Arguments() },
                    });
                    responses.Add(new JsonObject
                    {
                        ["functionResponse"] = new JsonObject
                        {
                            ["id"] = script.CallId,
                            ["name"] = ScriptToolName.Name,
                            ["response"] = new JsonObject { [script.IsError ? "error" : "output"] = script.Output },
                        },
                    });
                    break;
                case FollowUpToolCall call:
                    Add((JsonObject?)call.Call.Original?.DeepClone() ?? new JsonObject
                    {
                        ["functionCall"] = new JsonObject { ["name"] = call.Call.Name, ["args"] = call.Call.Arguments.DeepClone() },
                    });
                    break;
            }
        }

        var contents = new JsonArray(new JsonObject { ["role"] = "model", ["parts"] = parts });
        if (responses.Count > 0)
        {
            contents.Add(new JsonObject { ["role"] = "user", ["parts"] = responses });
        }

        return contents;
    }
}
