namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>A 1-based line and column in a text; columns count UTF-16 code units.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct TextPosition(int Line, int Column)
{
    /// <summary>The position of <paramref name="offset"/> in <paramref name="text"/> (CR LF counts as one break).</summary>
    public static TextPosition At(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            char c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TextPosition(line, offset - lineStart + 1);
    }

    /// <inheritdoc />
    public override string ToString() => $"line {this.Line}, column {this.Column}";
}
