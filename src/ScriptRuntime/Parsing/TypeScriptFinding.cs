namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>A TypeScript-only construct found where the JavaScript parser failed.</summary>
/// <param name="What">What it is, for the model (e.g. "a type annotation").</param>
/// <param name="Start">Offset of the offending token in the script.</param>
/// <param name="Token">The offending token's text.</param>
internal sealed record TypeScriptFinding(string What, int Start, string Token)
{
    /// <summary>Index of the construct's first token.</summary>
    public int First { get; init; }

    /// <summary>Index of the construct's last token (the parser's error must fall within First..Last).</summary>
    public int Last { get; init; }
}
