using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers.OpenAIResponses;

/// <summary>The OpenAI Responses API: <c>output</c> items in, input items (<c>function_call</c> / <c>function_call_output</c>) back.</summary>
internal sealed class OpenAIResponsesFormat : IProviderFormat
{
    public string Name => "openai-responses";

    public IReadOnlyList<string> Aliases { get; } = ["openairesponses", "responses"];

    public bool Recognizes(JsonObject response) =>
        ProviderJson.StringOf(response, "object") == "response" || (response["object"] is null && response["output"] is JsonArray);

    public ModelOutput Read(JsonObject response) => new(this, OpenAIResponsesReader.Read(response, this));

    public bool TakesBack(ThinkingPart thinking, SerializationOptions options) =>
        thinking.Source == this && thinking.Original is not null;

    public JsonArray WriteFollowUp(IReadOnlyList<FollowUpElement> elements, SerializationOptions options) =>
        OpenAIResponsesWriter.Write(elements);

    public JsonObject DeclareScriptTool() => new()
    {
        ["type"] = "function",
        ["name"] = ScriptToolName.Name,
        ["description"] = ScriptToolDefinitions.Description,
        ["parameters"] = ProviderJson.ScriptParameters(),
    };
}
