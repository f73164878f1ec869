using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>A model's output reduced to its text, thinking and tool-call parts, in order.</summary>
/// <param name="Format">The provider shape it was read from; null for plain text.</param>
/// <param name="Parts">The parts, in the order the model produced them.</param>
public sealed record ModelOutput(IProviderFormat? Format, IReadOnlyList<ModelOutputPart> Parts)
{
    /// <summary>A plain-text output of one part.</summary>
    public static ModelOutput FromText(string text) =>
        new(null, [new TextPart(text ?? throw new ArgumentNullException(nameof(text)))]);

    /// <summary>The wire name of <see cref="Format"/> (<c>text</c> for plain text).</summary>
    public string FormatName => this.Format?.Name ?? ProviderFormats.PlainTextName;
}
