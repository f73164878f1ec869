namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>One token of a script: its class and its span in the scanned text.</summary>
/// <param name="Kind">The token class.</param>
/// <param name="Start">Offset of the first character.</param>
/// <param name="End">Offset just past the last character.</param>
internal readonly record struct JsToken(JsTokenKind Kind, int Start, int End)
{
    /// <summary>Whether the token is the punctuator or word <paramref name="text"/>.</summary>
    public bool Is(string source, string text) =>
        this.Kind is JsTokenKind.Punctuator or JsTokenKind.Word &&
        source.AsSpan(this.Start, this.End - this.Start).SequenceEqual(text);

    /// <summary>The token's text.</summary>
    public string Text(string source) => source[this.Start..this.End];
}
