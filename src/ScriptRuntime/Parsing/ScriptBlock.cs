using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// One <c>&lt;tool-calls&gt;</c> block: a separate script. Blocks of a message run in order
/// of <see cref="Index"/>; a block with an <see cref="Error"/> never runs and stops the ones after it.
/// </summary>
/// <param name="PartIndex">Index of the output part holding the block.</param>
/// <param name="Index">0-based position among the message's blocks.</param>
/// <param name="Source">The script as written: the text between the tags without leading blank lines or trailing whitespace.</param>
public sealed record ScriptBlock(int PartIndex, int Index, string Source) : MessageSegment(PartIndex)
{
    /// <summary>Where the opening tag starts in its part's text.</summary>
    public TextPosition TagPosition { get; init; }

    /// <summary>Where the first character of <see cref="Source"/> is in its part's text (maps script positions to the message).</summary>
    public TextPosition SourcePosition { get; init; }

    /// <summary>Offset of the opening tag in its part's text.</summary>
    public int Offset { get; init; }

    /// <summary>Length of the whole block, tags included.</summary>
    public int Length { get; init; }

    /// <summary>The <see cref="ScriptErrorCode.Parse"/> error that keeps the block from running, if any.</summary>
    public ScriptError? Error { get; init; }

    /// <summary>The exact text of the block in the message, tags included.</summary>
    public string Raw { get; init; } = string.Empty;
}
