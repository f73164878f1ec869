using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>One part of a model output: text, thinking or a structured tool call, in the order the model produced them.</summary>
public abstract record ModelOutputPart;

/// <summary>Text the model wrote; <c>&lt;tool-calls&gt;</c> blocks are looked for only here.</summary>
/// <param name="Text">The text.</param>
public sealed record TextPart(string Text) : ModelOutputPart;

/// <summary>The model's thinking.</summary>
/// <param name="Text">The readable thinking (or summary) text; empty when the provider redacted it.</param>
public sealed record ThinkingPart(string Text) : ModelOutputPart
{
    /// <summary>The provider the part came from; null for an inline <c>&lt;thinking&gt;</c> span.</summary>
    public IProviderFormat? Source { get; init; }

    /// <summary>The provider's signature (Anthropic <c>signature</c>, Gemini <c>thoughtSignature</c>), when present.</summary>
    public string? Signature { get; init; }

    /// <summary>
    /// The provider's own item, block or part, verbatim (a Responses <c>reasoning</c> item with its
    /// id and encrypted content, an Anthropic <c>thinking</c> or <c>redacted_thinking</c> block, a
    /// Gemini <c>thought</c> part), so it goes back to the same provider unchanged.
    /// </summary>
    public JsonObject? Original { get; init; }

    /// <summary>For an inline span, the exact text including its tags.</summary>
    public string? Raw { get; init; }
}

/// <summary>
/// A structured (native) tool call of the provider: a Responses <c>function_call</c>, a Chat
/// <c>tool_calls</c> entry, an Anthropic <c>tool_use</c> block, a Gemini <c>functionCall</c> part.
/// The harness does not run it: it is handed back in the follow-up for the caller to execute.
/// </summary>
/// <param name="CallId">The provider's call id; null when the provider gave none (Gemini may not).</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">The arguments as JSON (a JSON string when the provider's argument text did not parse).</param>
public sealed record ToolCallPart(string? CallId, string Name, JsonNode Arguments) : ModelOutputPart
{
    /// <summary>The provider the call came from.</summary>
    public IProviderFormat? Source { get; init; }

    /// <summary>The provider's own item, block or part, verbatim, so it goes back unchanged.</summary>
    public JsonObject? Original { get; init; }
}
