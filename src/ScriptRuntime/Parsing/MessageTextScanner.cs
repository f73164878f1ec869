using System.Text;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// Splits one text part into text, inline thinking and script segments (the rules are on
/// <see cref="ScriptDetector"/>): Markdown code in the text is skipped, and each script's end is
/// found with <see cref="JsLexer"/>.
/// </summary>
internal sealed class MessageTextScanner(string text, int part, int firstBlock, ParseOptions options, List<MessageSegment> segments)
{
    private static readonly (string Open, string Close)[] ThinkingTags =
        [("<thinking>", "</thinking>"), ("<think>", "</think>")];

    private int blockIndex = firstBlock;
    private int segmentStart;
    private char fenceChar;
    private int fenceLength;

    public int Scan()
    {
        int i = 0;
        while (i < text.Length)
        {
            if (i == 0 || text[i - 1] == '\n')
            {
                int afterFence = this.TryFenceLine(i);
                if (afterFence >= 0)
                {
                    i = afterFence;
                    continue;
                }
            }

            if (this.fenceLength > 0)
            {
                int lineEnd = text.IndexOf('\n', i);
                i = lineEnd < 0 ? text.Length : lineEnd + 1;
                continue;
            }

            char c = text[i];
            if (c == '`')
            {
                i = SkipInlineCode(i);
            }
            else if (c == '<' && string.CompareOrdinal(text, i, ToolCallTags.Open, 0, ToolCallTags.Open.Length) == 0)
            {
                this.FlushText(i);
                i = this.ReadBlock(i);
                this.segmentStart = i;
            }
            else if (c == '<' && options.InlineThinking && this.TryThinking(i, out int afterThinking))
            {
                i = afterThinking;
                this.segmentStart = i;
            }
            else
            {
                i++;
            }
        }

        this.FlushText(text.Length);
        return this.blockIndex;
    }

    // Opens or closes a fenced code block at a line start; returns the next line's start, or -1.
    private int TryFenceLine(int lineStart)
    {
        int i = lineStart;
        int indent = 0;
        while (i < text.Length && text[i] == ' ' && indent < 4)
        {
            i++;
            indent++;
        }

        if (indent > 3 || i >= text.Length || text[i] is not ('`' or '~'))
        {
            return -1;
        }

        char c = text[i];
        int run = 0;
        while (i + run < text.Length && text[i + run] == c)
        {
            run++;
        }

        if (run < 3)
        {
            return -1;
        }

        int lineEnd = text.IndexOf('\n', i);
        lineEnd = lineEnd < 0 ? text.Length : lineEnd;
        ReadOnlySpan<char> rest = text.AsSpan(i + run, lineEnd - i - run);
        if (this.fenceLength == 0)
        {
            // A backtick fence's info string cannot hold a backtick (that is inline code).
            if (c == '`' && rest.Contains('`'))
            {
                return -1;
            }

            this.fenceChar = c;
            this.fenceLength = run;
        }
        else if (c == this.fenceChar && run >= this.fenceLength && rest.IsWhiteSpace())
        {
            this.fenceLength = 0;
        }
        else
        {
            return -1;
        }

        return Math.Min(text.Length, lineEnd + 1);
    }

    private int SkipInlineCode(int start)
    {
        int run = 0;
        while (start + run < text.Length && text[start + run] == '`')
        {
            run++;
        }

        int lineEnd = text.IndexOf('\n', start);
        lineEnd = lineEnd < 0 ? text.Length : lineEnd;
        int i = start + run;
        while (i < lineEnd)
        {
            if (text[i] != '`')
            {
                i++;
                continue;
            }

            int closing = 0;
            while (i + closing < lineEnd && text[i + closing] == '`')
            {
                closing++;
            }

            if (closing == run)
            {
                return i + closing;
            }

            i += closing;
        }

        // No closing run on this line: the backticks are literal.
        return start + run;
    }

    private bool TryThinking(int start, out int end)
    {
        foreach ((string open, string close) in ThinkingTags)
        {
            if (string.CompareOrdinal(text, start, open, 0, open.Length) != 0)
            {
                continue;
            }

            this.FlushText(start);
            int closeAt = text.IndexOf(close, start + open.Length, StringComparison.Ordinal);
            end = closeAt < 0 ? text.Length : closeAt + close.Length;
            int innerEnd = closeAt < 0 ? text.Length : closeAt;
            var thinking = new ThinkingPart(text[(start + open.Length)..innerEnd].Trim()) { Raw = text[start..end] };
            segments.Add(new ThinkingSegment(part, thinking));
            return true;
        }

        end = start;
        return false;
    }

    private void FlushText(int end)
    {
        if (end > this.segmentStart)
        {
            segments.Add(new TextSegment(part, text[this.segmentStart..end]));
        }

        this.segmentStart = end;
    }

    private int ReadBlock(int tagStart)
    {
        int index = this.blockIndex++;
        int bodyStart = tagStart + ToolCallTags.Open.Length;
        var lexer = new JsLexer(text, bodyStart, recognizeTags: true);
        int depth = 1;
        int bodyEnd = text.Length;
        int blockEnd = text.Length;
        int? nestedAt = null;
        while (lexer.TryNext(out JsToken token))
        {
            if (token.Kind == JsTokenKind.OpenTag)
            {
                nestedAt ??= token.Start;
                depth++;
            }
            else if (token.Kind == JsTokenKind.CloseTag && --depth == 0)
            {
                bodyEnd = token.Start;
                blockEnd = token.End;
                break;
            }
        }

        (string source, int sourceStart) = Normalize(bodyStart, bodyEnd);
        ScriptError? error = depth > 0 && nestedAt is null
            ? this.Unclosed(tagStart, index, lexer.Unterminated, sourceStart)
            : nestedAt is int nested
                ? ScriptDetector.ParseError(
                    $"Script block {index + 1} contains another <tool-calls> tag at {TextPosition.At(text, nested)} of the message: " +
                    "blocks cannot be nested. Close each script with </tool-calls> before opening the next one.",
                    this.ScriptRelative(sourceStart, nested))
                : this.CheckContent(index, source, tagStart);

        segments.Add(new ScriptBlock(part, index, source)
        {
            TagPosition = TextPosition.At(text, tagStart),
            SourcePosition = TextPosition.At(text, sourceStart),
            Offset = tagStart,
            Length = blockEnd - tagStart,
            Raw = text[tagStart..blockEnd],
            Error = error,
        });
        return blockEnd;
    }

    private ScriptError Unclosed(int tagStart, int index, JsToken? swallowed, int sourceStart)
    {
        TextPosition tag = TextPosition.At(text, tagStart);
        bool closeTagInsideLiteral = text.IndexOf(ToolCallTags.Close, tagStart, StringComparison.Ordinal) >= 0;
        if (swallowed is JsToken open && closeTagInsideLiteral)
        {
            string what = text[open.Start] == '`' || text[open.Start] == '}' ? "template literal" : "block comment";
            TextPosition at = ScriptRelative(sourceStart, open.Start);
            return ScriptDetector.ParseError(
                $"Script block {index + 1} (opened at {tag} of the message) has no closing </tool-calls> outside strings and comments: " +
                $"the {what} starting at {at} of the script is never closed, so it swallows the closing tag. Close the {what}.",
                at);
        }

        return ScriptDetector.ParseError(
            $"The <tool-calls> tag of script block {index + 1} at {tag} of the message is never closed. " +
            "End the script with </tool-calls>.",
            null);
    }

    private ScriptError? CheckContent(int index, string source, int tagStart)
    {
        if (source.Length == 0)
        {
            return ScriptDetector.ParseError(
                $"Script block {index + 1} at {TextPosition.At(text, tagStart)} of the message is empty. " +
                "Put JavaScript between <tool-calls> and </tool-calls>, or leave the tags out.",
                null);
        }

        int bytes = Encoding.UTF8.GetByteCount(source);
        return bytes > options.MaxScriptBytes ? SizeLimitErrors.ScriptSize(bytes, options.MaxScriptBytes, index) : null;
    }

    // The script starts after blank lines that follow the opening tag and ends before trailing whitespace.
    private (string Source, int Start) Normalize(int bodyStart, int bodyEnd)
    {
        int start = bodyStart;
        int i = bodyStart;
        while (i < bodyEnd && char.IsWhiteSpace(text[i]))
        {
            if (text[i] == '\n')
            {
                start = i + 1;
            }

            i++;
        }

        if (i == bodyEnd)
        {
            return (string.Empty, bodyEnd);
        }

        int end = bodyEnd;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return UnwrapFence(text[start..end], start);
    }

    // Models often put a Markdown fence inside the tags; the tags say "run this", so the fence
    // lines are dropped rather than reported as a syntax error.
    private static (string Source, int Start) UnwrapFence(string source, int start)
    {
        if (!(source.StartsWith("```", StringComparison.Ordinal) || source.StartsWith("~~~", StringComparison.Ordinal)))
        {
            return (source, start);
        }

        int firstBreak = source.IndexOf('\n', StringComparison.Ordinal);
        int lastBreak = source.LastIndexOf('\n');
        if (firstBreak < 0 || lastBreak <= firstBreak)
        {
            return (source, start);
        }

        string fence = source[..3];
        ReadOnlySpan<char> info = source.AsSpan(3, firstBreak - 3).Trim();
        ReadOnlySpan<char> closing = source.AsSpan(lastBreak + 1).Trim();
        bool infoIsWord = info.IndexOfAny(' ', '`', '~') < 0;
        if (!infoIsWord || !closing.StartsWith(fence, StringComparison.Ordinal) || closing.Trim(fence[0]).Length != 0)
        {
            return (source, start);
        }

        string inner = source[(firstBreak + 1)..lastBreak].TrimEnd();
        return (inner, start + firstBreak + 1);
    }

    private TextPosition ScriptRelative(int sourceStart, int offset) =>
        TextPosition.At(text[sourceStart..], offset - sourceStart);
}
