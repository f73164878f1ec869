using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers.Anthropic;

/// <summary>The Anthropic Messages API: <c>content</c> blocks in, an assistant message and a user message of <c>tool_result</c> blocks back.</summary>
internal sealed class AnthropicFormat : IProviderFormat
{
    public string Name => "anthropic";

    public IReadOnlyList<string> Aliases { get; } = ["anthropic-messages", "anthropicmessages"];

    public bool Recognizes(JsonObject response) =>
        ProviderJson.StringOf(response, "type") == "message" && response["content"] is JsonArray;

    public ModelOutput Read(JsonObject response) => new(this, AnthropicReader.Read(response, this));

    public bool TakesBack(ThinkingPart thinking, SerializationOptions options) =>
        thinking.Source == this && thinking.Original is not null;

    public JsonArray WriteFollowUp(IReadOnlyList<FollowUpElement> elements, SerializationOptions options) =>
        AnthropicWriter.Write(elements);

    public JsonObject DeclareScriptTool() => new()
    {
        ["name"] = ScriptToolName.Name,
        ["description"] = ScriptToolDefinitions.Description,
        ["input_schema"] = ProviderJson.ScriptParameters(),
    };
}
