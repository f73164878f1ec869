using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.ScriptRuntime.Providers;

/// <summary>
/// One provider's wire shape: how its response is recognized and read into text, thinking and
/// structured tool calls, and how the follow-up conversation items are written back in it. Each
/// format lives in its own folder under <c>Providers/</c>; <see cref="ProviderFormats"/> lists them.
/// </summary>
public interface IProviderFormat
{
    /// <summary>The stable wire name clients send in a <c>provider</c> field (e.g. <c>openai-responses</c>).</summary>
    string Name { get; }

    /// <summary>Other names accepted for it (case-insensitive), kept so older clients stay valid.</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>Whether <paramref name="response"/> has this provider's response shape.</summary>
    bool Recognizes(JsonObject response);

    /// <summary>Reads a response of this provider into text, thinking and tool-call parts, in the order produced.</summary>
    /// <exception cref="Errors.ScriptException">The response cannot be read (code <c>parse</c>).</exception>
    ModelOutput Read(JsonObject response);

    /// <summary>Whether this provider takes <paramref name="thinking"/> back as its own item (else it stays in the text).</summary>
    bool TakesBack(ThinkingPart thinking, SerializationOptions options);

    /// <summary>Writes the follow-up: the model's side in order, then the scripts' outputs.</summary>
    /// <param name="elements">What the model wrote, in order, with each script's output.</param>
    /// <param name="options">Call ids and provider details.</param>
    JsonArray WriteFollowUp(IReadOnlyList<FollowUpElement> elements, SerializationOptions options);

    /// <summary>The declaration of the <c>script</c> tool in this provider's <c>tools</c> list.</summary>
    JsonObject DeclareScriptTool();
}
