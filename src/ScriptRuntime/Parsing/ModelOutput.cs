namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>A model's output reduced to its text and thinking parts, in order.</summary>
/// <param name="Format">The shape it was read from.</param>
/// <param name="Parts">The parts, in the order the model produced them.</param>
public sealed record ModelOutput(ProviderFormat Format, IReadOnlyList<ModelOutputPart> Parts)
{
    /// <summary>A plain-text output of one part.</summary>
    public static ModelOutput FromText(string text) =>
        new(ProviderFormat.PlainText, [new TextPart(text ?? throw new ArgumentNullException(nameof(text)))]);
}
