using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>
/// The declaration of the <c>script</c> tool in each provider's <c>tools</c> list. Providers check
/// that calls in the history name a declared tool, so a host that sends serialized script calls
/// back declares this tool too.
/// </summary>
public static class ScriptToolDefinitions
{
    /// <summary>The description the model reads.</summary>
    public const string Description =
        "Records a JavaScript script you wrote between <tool-calls> and </tool-calls> in your reply, and its output. " +
        "To run a script, write it in your reply text inside those tags.";

    /// <summary>The tool declaration for <paramref name="format"/>.</summary>
    public static JsonObject For(ProviderFormat format) => format switch
    {
        ProviderFormat.OpenAIResponses => new JsonObject
        {
            ["type"] = "function",
            ["name"] = ScriptToolName.Name,
            ["description"] = Description,
            ["parameters"] = Parameters(),
        },
        ProviderFormat.OpenAIChatCompletions => new JsonObject
        {
            ["type"] = "function",
            ["function"] = new JsonObject
            {
                ["name"] = ScriptToolName.Name,
                ["description"] = Description,
                ["parameters"] = Parameters(),
            },
        },
        ProviderFormat.AnthropicMessages => new JsonObject
        {
            ["name"] = ScriptToolName.Name,
            ["description"] = Description,
            ["input_schema"] = Parameters(),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Tool declarations need a provider format."),
    };

    private static JsonObject Parameters() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            [ScriptToolName.Argument] = new JsonObject { ["type"] = "string", ["description"] = "The script's JavaScript source." },
        },
        ["required"] = new JsonArray(ScriptToolName.Argument),
        ["additionalProperties"] = false,
    };
}
