using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers.OpenAIChat;

/// <summary>The OpenAI Chat Completions API: <c>choices[0].message</c> in, an assistant message with <c>tool_calls</c> and <c>tool</c> messages back.</summary>
internal sealed class OpenAIChatFormat : IProviderFormat
{
    public string Name => "openai-chat";

    public IReadOnlyList<string> Aliases { get; } = ["openai-chat-completions", "openaichatcompletions", "chat-completions"];

    public bool Recognizes(JsonObject response) =>
        ProviderJson.StringOf(response, "object") == "chat.completion" || response["choices"] is JsonArray;

    public ModelOutput Read(JsonObject response) => new(this, OpenAIChatReader.Read(response, this));

    // Chat Completions has no field for thinking; servers that accept one name it in the options.
    public bool TakesBack(ThinkingPart thinking, SerializationOptions options) =>
        thinking.Source == this && options.ChatReasoningField is not null;

    public JsonArray WriteFollowUp(IReadOnlyList<FollowUpElement> elements, SerializationOptions options) =>
        OpenAIChatWriter.Write(elements, options);

    public JsonObject DeclareScriptTool() => new()
    {
        ["type"] = "function",
        ["function"] = new JsonObject
        {
            ["name"] = ScriptToolName.Name,
            ["description"] = ScriptToolDefinitions.Description,
            ["parameters"] = ProviderJson.ScriptParameters(),
        },
    };
}
