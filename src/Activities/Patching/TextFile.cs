namespace ScriptHarness.Activities.Patching;

/// <summary>A text file as lines, remembering its line ending, final newline and byte order mark so a rewrite keeps them.</summary>
internal sealed record TextFile(List<string> Lines, string LineEnding, bool FinalNewline, bool ByteOrderMark)
{
    public static TextFile Parse(string text)
    {
        bool bom = text.StartsWith('\uFEFF');
        if (bom)
        {
            text = text[1..];
        }

        int firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
        string ending = firstNewline > 0 && text[firstNewline - 1] == '\r' ? "\r\n" : "\n";
        bool finalNewline = text.EndsWith('\n');
        if (finalNewline)
        {
            text = text[..^1];
        }

        List<string> lines = text.Length == 0 && finalNewline is false ? [] : [.. text.Split('\n')];
        if (ending == "\r\n")
        {
            for (int i = 0; i < lines.Count; i++)
            {
                lines[i] = lines[i].TrimEnd('\r');
            }
        }

        return new TextFile(lines, ending, finalNewline, bom);
    }

    /// <summary>A new file: LF endings and a final newline.</summary>
    public static TextFile New(IEnumerable<string> lines) => new([.. lines], "\n", FinalNewline: true, ByteOrderMark: false);

    public string Render() => this.Lines.Count == 0
        ? string.Empty
        : (this.ByteOrderMark ? "\uFEFF" : string.Empty) + string.Join(this.LineEnding, this.Lines) + (this.FinalNewline ? this.LineEnding : string.Empty);

    /// <summary>The file after an edit: it ends with a newline, as Codex writes it (a model trained on it expects that).</summary>
    public TextFile WithLines(List<string> lines) => this with { Lines = lines, FinalNewline = true };
}
