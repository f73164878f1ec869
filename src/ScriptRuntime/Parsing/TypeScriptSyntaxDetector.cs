namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// Explains a JavaScript syntax error as TypeScript-only syntax when it is one. It runs only after
/// the real parser rejected the script, and a construct counts only when the parser's error lands
/// on one of its tokens; valid JavaScript (object literals, ternaries, labels, <c>as</c> as an
/// identifier) therefore can never be reported as TypeScript.
/// </summary>
internal static class TypeScriptSyntaxDetector
{
    private static readonly HashSet<string> Modifiers = ["public", "private", "protected", "readonly"];

    private static readonly HashSet<string> DeclareTargets =
        ["const", "let", "var", "function", "class", "module", "namespace", "global", "enum", "type", "interface", "abstract"];

    // Words that end a statement or begin one: never the end of an expression before `as` or `!`.
    private static readonly HashSet<string> NonExpressionWords =
    [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do",
        "else", "yield", "await", "const", "let", "var", "if", "for", "while", "function", "class",
        "export", "import", "extends", "async", "try", "catch", "finally", "switch",
    ];

    private delegate TypeScriptFinding? Pattern(Scan scan, int i);

    private static readonly Pattern[] Patterns =
    [
        Declaration("interface", "an interface declaration", Word),
        Declaration("type", "a type alias", (s, j) => s.Is(j, "=") || s.Is(j, "<"), length: 3),
        Declaration("enum", "an enum", (s, j) => s.Is(j, "{"), length: 3),
        Declaration("namespace", "a namespace", (s, j) => s.Is(j, "{"), length: 3),
        Declaration("module", "a module declaration", (s, j) => s.Is(j, "{"), length: 3),
        DeclareStatement,
        AbstractClass,
        Implements,
        AccessModifier,
        Cast,
        NonNullAssertion,
        TypeAnnotation,
        GenericDeclaration,
        GenericCall,
    ];

    /// <summary>Finds the TypeScript construct the parser failed on at <paramref name="errorOffset"/>, if any.</summary>
    public static TypeScriptFinding? Find(string script, int errorOffset)
    {
        var scan = new Scan(script, JsLexer.Tokenize(script).Where(t => t.Kind != JsTokenKind.Comment).ToList());
        int errorToken = scan.Tokens.FindIndex(t => t.End > errorOffset);
        if (errorToken < 0)
        {
            return null;
        }

        // The construct is within a few tokens of the error; scan that window only.
        for (int i = Math.Min(scan.Tokens.Count - 1, errorToken + 2); i >= Math.Max(0, errorToken - 12); i--)
        {
            foreach (Pattern pattern in Patterns)
            {
                if (pattern(scan, i) is { } finding && Scan.Covers(finding, errorToken))
                {
                    return finding;
                }
            }
        }

        return null;
    }

    private static bool Word(Scan s, int j) => s.Kind(j) == JsTokenKind.Word;

    private static Pattern Declaration(string keyword, string what, Func<Scan, int, bool> third, int length = 2) => (s, i) =>
        s.Is(i, keyword) && !s.Is(i - 1, ".") && Word(s, i + 1) && (length == 2 || third(s, i + 2))
            ? s.Finding(what, i, i + length - 1)
            : null;

    private static TypeScriptFinding? DeclareStatement(Scan s, int i) =>
        s.Is(i, "declare") && s.Kind(i + 1) == JsTokenKind.Word && DeclareTargets.Contains(s.Text(i + 1))
            ? s.Finding("a declare statement", i, i + 1)
            : null;

    private static TypeScriptFinding? AbstractClass(Scan s, int i) =>
        s.Is(i, "abstract") && s.Is(i + 1, "class") ? s.Finding("an abstract class", i, i + 1) : null;

    private static TypeScriptFinding? Implements(Scan s, int i) =>
        s.Is(i, "implements") && (Word(s, i - 1) || s.Is(i - 1, ">")) && Word(s, i + 1)
            ? s.Finding("an implements clause", i, i + 1)
            : null;

    private static TypeScriptFinding? AccessModifier(Scan s, int i) =>
        s.Kind(i) == JsTokenKind.Word && Modifiers.Contains(s.Text(i)) && Word(s, i + 1) && s.SameLine(i, i + 1) &&
        (s.Is(i - 1, "(") || s.Is(i - 1, ",") || s.Is(i - 1, "{") || s.Is(i - 1, ";") || s.Is(i - 1, "}") ||
         (s.Kind(i - 1) == JsTokenKind.Word && Modifiers.Contains(s.Text(i - 1))))
            ? s.Finding("an access modifier", i, i + 1)
            : null;

    private static TypeScriptFinding? Cast(Scan s, int i) =>
        (s.Is(i, "as") || s.Is(i, "satisfies")) && s.EndsExpression(i - 1) && s.SameLine(i - 1, i) && s.StartsType(i + 1)
            ? s.Finding(s.Is(i, "as") ? "an `as` type cast" : "a `satisfies` check", i, i + 1)
            : null;

    private static TypeScriptFinding? NonNullAssertion(Scan s, int i) =>
        s.Is(i, "!") && s.EndsExpression(i - 1) && s.SameLine(i - 1, i)
            ? s.Finding("a non-null assertion (`!`)", i, i + 1)
            : null;

    private static TypeScriptFinding? TypeAnnotation(Scan s, int i)
    {
        if (!s.Is(i, ":") || !s.StartsType(i + 1))
        {
            return null;
        }

        if (s.Is(i - 1, "?") && (Word(s, i - 2) || s.Is(i - 2, "]")))
        {
            return s.Finding("an optional parameter's type annotation", i - 1, i + 1);
        }

        return Word(s, i - 1) || s.Is(i - 1, ")") || s.Is(i - 1, "]") || s.Is(i - 1, "}")
            ? s.Finding("a type annotation", i, i + 1)
            : null;
    }

    private static TypeScriptFinding? GenericDeclaration(Scan s, int i)
    {
        bool afterName = (s.Is(i - 2, "function") || s.Is(i - 2, "class")) && Word(s, i - 1);
        bool anonymous = s.Is(i - 1, "function");
        return s.Is(i, "<") && (afterName || anonymous) && Word(s, i + 1)
            ? s.Finding("generic type parameters", i, i + 1)
            : null;
    }

    // name<Type, Other>( … with the parser failing inside: `f<string>()` is not JavaScript.
    private static TypeScriptFinding? GenericCall(Scan s, int i)
    {
        if (!s.Is(i, "<") || !(Word(s, i - 1) || s.Is(i - 1, ")")) || !s.StartsType(i + 1))
        {
            return null;
        }

        int depth = 1;
        int j = i + 1;
        for (; j < s.Tokens.Count && depth > 0 && j < i + 40; j++)
        {
            if (s.Is(j, "<"))
            {
                depth++;
            }
            else if (s.Is(j, ">"))
            {
                depth--;
            }
            else if (s.Is(j, ">>"))
            {
                depth -= 2;
            }
            else if (s.Is(j, ";") || s.Is(j, "=") || s.Is(j, "(") || s.Is(j, "=>"))
            {
                return null;
            }
        }

        return depth <= 0 && s.Is(j, "(") ? s.Finding("type arguments on a call", i, j + 1, tokenIndex: i) : null;
    }

    private sealed record Scan(string Source, List<JsToken> Tokens)
    {
        public JsTokenKind? Kind(int i) => i >= 0 && i < this.Tokens.Count ? this.Tokens[i].Kind : null;

        public bool Is(int i, string text) => i >= 0 && i < this.Tokens.Count && this.Tokens[i].Is(this.Source, text);

        public string Text(int i) => this.Tokens[i].Text(this.Source);

        public bool SameLine(int a, int b) =>
            a >= 0 && b < this.Tokens.Count && this.Source.AsSpan(this.Tokens[a].End, this.Tokens[b].Start - this.Tokens[a].End).IndexOfAny('\n', '\r') < 0;

        public bool EndsExpression(int i) => this.Kind(i) switch
        {
            JsTokenKind.Word => !NonExpressionWords.Contains(this.Text(i)),
            JsTokenKind.String or JsTokenKind.Number or JsTokenKind.Regex => true,
            JsTokenKind.Template => this.Source[this.Tokens[i].End - 1] == '`',
            JsTokenKind.Punctuator => this.Is(i, ")") || this.Is(i, "]") || this.Is(i, "}"),
            _ => false,
        };

        public bool StartsType(int i) => this.Kind(i) switch
        {
            JsTokenKind.Word or JsTokenKind.String => true,
            JsTokenKind.Punctuator => this.Is(i, "{") || this.Is(i, "[") || this.Is(i, "("),
            _ => false,
        };

        // The finding reports token `tokenIndex` (default: its first) and spans tokens first..last.
        public TypeScriptFinding? Finding(string what, int first, int last, int? tokenIndex = null)
        {
            if (first < 0 || first >= this.Tokens.Count)
            {
                return null;
            }

            JsToken token = this.Tokens[tokenIndex ?? first];
            return new TypeScriptFinding(what, token.Start, token.Text(this.Source)) { First = first, Last = Math.Min(last, this.Tokens.Count - 1) };
        }

        public static bool Covers(TypeScriptFinding finding, int errorToken) =>
            finding.First <= errorToken && errorToken <= finding.Last;
    }
}
