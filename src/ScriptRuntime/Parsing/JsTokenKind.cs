namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>The coarse token classes the script scanner needs; it is no full JavaScript lexer.</summary>
internal enum JsTokenKind
{
    /// <summary>An identifier or keyword.</summary>
    Word,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>A quoted string literal (possibly unterminated at a line break).</summary>
    String,

    /// <summary>A piece of a template literal between its delimiters and substitutions.</summary>
    Template,

    /// <summary>A regular expression literal.</summary>
    Regex,

    /// <summary>A punctuator such as <c>:</c>, <c>!=</c> or <c>?.</c>.</summary>
    Punctuator,

    /// <summary>A line or block comment.</summary>
    Comment,

    /// <summary>The <c>&lt;tool-calls&gt;</c> tag in code position.</summary>
    OpenTag,

    /// <summary>The <c>&lt;/tool-calls&gt;</c> tag in code position: the real end of the script.</summary>
    CloseTag,
}
