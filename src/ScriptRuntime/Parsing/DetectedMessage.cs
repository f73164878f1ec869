namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>A model output split into text, thinking, script and tool-call segments, in the order written.</summary>
/// <param name="Output">The output the segments came from.</param>
/// <param name="Segments">Text, thinking, script and tool-call segments in order.</param>
public sealed record DetectedMessage(ModelOutput Output, IReadOnlyList<MessageSegment> Segments)
{
    /// <summary>The script blocks, in the order they run.</summary>
    public IReadOnlyList<ScriptBlock> Blocks { get; } = Segments.OfType<ScriptBlock>().ToList();

    /// <summary>The provider's structured tool calls, in the order written: handed back to the caller, never run here.</summary>
    public IReadOnlyList<ToolCallPart> ToolCalls { get; } = Segments.OfType<ToolCallSegment>().Select(s => s.Call).ToList();
}
