namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>A model output split into text, thinking and script segments, in the order written.</summary>
/// <param name="Output">The output the segments came from.</param>
/// <param name="Segments">Text, thinking and script segments in order.</param>
public sealed record DetectedMessage(ModelOutput Output, IReadOnlyList<MessageSegment> Segments)
{
    /// <summary>The script blocks, in the order they run.</summary>
    public IReadOnlyList<ScriptBlock> Blocks { get; } = Segments.OfType<ScriptBlock>().ToList();
}
