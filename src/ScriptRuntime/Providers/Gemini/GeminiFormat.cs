using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers.Gemini;

/// <summary>
/// The Gemini API's <c>generateContent</c>: <c>candidates[0].content.parts</c> in, a <c>model</c>
/// content with <c>functionCall</c> parts and a <c>user</c> content of <c>functionResponse</c> parts back.
/// </summary>
internal sealed class GeminiFormat : IProviderFormat
{
    public string Name => "gemini";

    public IReadOnlyList<string> Aliases { get; } = ["gemini-generate-content", "google-gemini"];

    public bool Recognizes(JsonObject response) => response["candidates"] is JsonArray;

    public ModelOutput Read(JsonObject response) => new(this, GeminiReader.Read(response, this));

    // Thought parts go back verbatim; a signature Gemini put on a text part goes back on that text.
    public bool TakesBack(ThinkingPart thinking, SerializationOptions options) =>
        thinking.Source == this && (thinking.Original is not null || thinking.Signature is not null);

    public JsonArray WriteFollowUp(IReadOnlyList<FollowUpElement> elements, SerializationOptions options) =>
        GeminiWriter.Write(elements);

    // Gemini declares functions inside one tool: tools: [{ functionDeclarations: [ this ] }].
    public JsonObject DeclareScriptTool()
    {
        JsonObject parameters = ProviderJson.ScriptParameters();

        // Gemini's OpenAPI-subset schema has no additionalProperties.
        parameters.Remove("additionalProperties");
        return new JsonObject
        {
            ["name"] = ScriptToolName.Name,
            ["description"] = ScriptToolDefinitions.Description,
            ["parameters"] = parameters,
        };
    }
}
