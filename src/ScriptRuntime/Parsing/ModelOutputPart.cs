using System.Text.Json.Nodes;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>One part of a model output: text or thinking, in the order the model produced them.</summary>
public abstract record ModelOutputPart;

/// <summary>Text the model wrote; <c>&lt;tool-calls&gt;</c> blocks are looked for only here.</summary>
/// <param name="Text">The text.</param>
public sealed record TextPart(string Text) : ModelOutputPart;

/// <summary>The model's thinking.</summary>
/// <param name="Text">The readable thinking (or summary) text; empty when the provider redacted it.</param>
public sealed record ThinkingPart(string Text) : ModelOutputPart
{
    /// <summary>The provider the part came from; <see cref="ProviderFormat.PlainText"/> for an inline <c>&lt;thinking&gt;</c> span.</summary>
    public ProviderFormat Source { get; init; } = ProviderFormat.PlainText;

    /// <summary>The provider's signature (Anthropic <c>signature</c>), when present.</summary>
    public string? Signature { get; init; }

    /// <summary>
    /// The provider's own item or block, verbatim (a Responses <c>reasoning</c> item with its id
    /// and encrypted content, an Anthropic <c>thinking</c> or <c>redacted_thinking</c> block), so
    /// it goes back to the same provider unchanged.
    /// </summary>
    public JsonObject? Original { get; init; }

    /// <summary>For an inline span, the exact text including its tags.</summary>
    public string? Raw { get; init; }
}
