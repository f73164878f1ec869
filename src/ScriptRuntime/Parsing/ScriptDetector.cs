using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// Finds <c>&lt;tool-calls&gt;</c> … <c>&lt;/tool-calls&gt;</c> blocks in a model output.
/// </summary>
/// <remarks>
/// <para>Only the literal, lower-case tags without attributes count. In the text around scripts,
/// tags inside a Markdown fenced code block (a line opening with three or more backticks or
/// tildes, up to the matching closing fence) or inside an inline code span (a backtick run and
/// the next run of the same length on the same line) are text: that is how a model shows an
/// example. A fenced <c>```js</c> block is never a script. Tags inside a <c>&lt;thinking&gt;</c>
/// or <c>&lt;think&gt;</c> span are text too.</para>
/// <para>Inside a script, the end is found by scanning JavaScript: a closing tag inside a string,
/// template literal, comment or regex literal does not end the script.</para>
/// </remarks>
public static class ScriptDetector
{
    /// <summary>Splits plain model text into segments.</summary>
    public static DetectedMessage Detect(string text, ParseOptions? options = null) =>
        Detect(ModelOutput.FromText(text), options);

    /// <summary>Splits every text part of <paramref name="output"/> into segments; thinking and tool-call parts are kept as they are.</summary>
    public static DetectedMessage Detect(ModelOutput output, ParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= ParseOptions.Default;
        var segments = new List<MessageSegment>();
        int blockCount = 0;
        for (int part = 0; part < output.Parts.Count; part++)
        {
            switch (output.Parts[part])
            {
                case TextPart text:
                    var scanner = new MessageTextScanner(text.Text, part, blockCount, options, segments);
                    blockCount = scanner.Scan();
                    break;
                case ThinkingPart thinking:
                    segments.Add(new ThinkingSegment(part, thinking));
                    break;
                case ToolCallPart call:
                    segments.Add(new ToolCallSegment(part, call));
                    break;
                default:
                    throw new ArgumentException($"Unknown output part {output.Parts[part].GetType().Name}.", nameof(output));
            }
        }

        return new DetectedMessage(output, segments);
    }

    /// <summary>A parse error of a block, positioned in the script when known.</summary>
    internal static ScriptError ParseError(string message, TextPosition? position) =>
        new(ScriptErrorCode.Parse, message, Retryable: false) { Line = position?.Line, Column = position?.Column };
}
