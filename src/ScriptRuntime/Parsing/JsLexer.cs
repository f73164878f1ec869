namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// A small, error-tolerant JavaScript scanner. It knows exactly enough of the grammar to tell code
/// from strings, template literals (with nested substitutions), comments and regex literals, so
/// that a <c>&lt;/tool-calls&gt;</c> inside any of them is not taken as the end of the script
/// (the seed's non-greedy regex had exactly that bug), and to give the TypeScript detector tokens.
/// Its guesses fail safe: a string or a would-be regex never runs past the end of its line.
/// </summary>
internal sealed class JsLexer
{
    private static readonly string[] Punctuators =
    [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=",
        "%=", "&=", "|=", "^=", "**", "<<", ">>",
    ];

    // Words after which a slash starts a regex literal rather than a division.
    private static readonly HashSet<string> RegexPrecedingWords =
    [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case",
        "do", "else", "yield", "await",
    ];

    private readonly string text;
    private readonly int end;
    private readonly bool recognizeTags;

    // One entry per open template substitution: the brace depth inside it.
    private readonly List<int> templateBraces = [];
    private int position;
    private bool regexAllowed = true;

    /// <summary>Scans <paramref name="text"/> from <paramref name="start"/> to its end.</summary>
    /// <param name="text">The text holding the script.</param>
    /// <param name="start">Where the script starts.</param>
    /// <param name="recognizeTags">Whether <c>&lt;tool-calls&gt;</c> tags in code position become tag tokens.</param>
    public JsLexer(string text, int start, bool recognizeTags)
    {
        this.text = text;
        this.position = start;
        this.end = text.Length;
        this.recognizeTags = recognizeTags;
    }

    /// <summary>The start of a template literal or block comment that ran to the end of the text, if any.</summary>
    public JsToken? Unterminated { get; private set; }

    /// <summary>Scans every token of <paramref name="script"/>, tags not recognized.</summary>
    public static List<JsToken> Tokenize(string script)
    {
        var lexer = new JsLexer(script, 0, recognizeTags: false);
        var tokens = new List<JsToken>();
        while (lexer.TryNext(out JsToken token))
        {
            tokens.Add(token);
        }

        return tokens;
    }

    /// <summary>Reads the next token; false at the end of the text.</summary>
    public bool TryNext(out JsToken token)
    {
        this.SkipWhitespace();
        if (this.position >= this.end)
        {
            token = default;
            return false;
        }

        int start = this.position;
        char c = this.text[start];
        token = c switch
        {
            '"' or '\'' => this.ReadString(c),
            '`' => this.ReadTemplate(start, start + 1),
            '/' when this.Peek(1) == '/' => this.ReadLineComment(),
            '/' when this.Peek(1) == '*' => this.ReadBlockComment(),
            '/' when this.regexAllowed => this.ReadRegexOrSlash(),
            '<' when this.recognizeTags && this.At(ToolCallTags.Close) => this.Take(JsTokenKind.CloseTag, ToolCallTags.Close.Length),
            '<' when this.recognizeTags && this.At(ToolCallTags.Open) => this.Take(JsTokenKind.OpenTag, ToolCallTags.Open.Length),
            '}' when this.templateBraces.Count > 0 && this.templateBraces[^1] == 0 => this.ResumeTemplate(start),
            _ when IsWordStart(c) => this.ReadWord(),
            _ when char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(this.Peek(1))) => this.ReadNumber(),
            _ => this.ReadPunctuator(),
        };

        this.regexAllowed = token.Kind switch
        {
            JsTokenKind.Comment => this.regexAllowed,
            JsTokenKind.Word => WordLookup.Contains(this.text.AsSpan(token.Start, token.End - token.Start)),
            JsTokenKind.Number or JsTokenKind.String or JsTokenKind.Regex => false,
            JsTokenKind.Template => this.text[token.End - 1] == '{',
            JsTokenKind.Punctuator => !EndsOperand(this.text.AsSpan(token.Start, token.End - token.Start)),
            _ => true,
        };
        return true;
    }

    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WordLookup { get; } =
        RegexPrecedingWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // After these punctuators a slash divides: ) ] ++ --.
    private static bool EndsOperand(ReadOnlySpan<char> punctuator) =>
        punctuator is ")" or "]" or "++" or "--";

    // First characters of the multi-character punctuators; any other punctuator is one character.
    private static bool MayBeLong(char c) => c is '>' or '.' or '=' or '!' or '*' or '<' or '&' or '|' or '?' or '+' or '-' or '/' or '%' or '^';

    private static bool IsWordStart(char c) =>
        char.IsLetter(c) || c is '$' or '_' or '\\' or '#' || c > 0x7f && !char.IsWhiteSpace(c);

    private static bool IsWordPart(char c) =>
        char.IsLetterOrDigit(c) || c is '$' or '_' or '\\' or '\u200c' or '\u200d' ||
        c > 0x7f && !char.IsWhiteSpace(c) && !char.IsPunctuation(c);

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

    private char Peek(int ahead) =>
        this.position + ahead < this.end ? this.text[this.position + ahead] : '\0';

    private bool At(string literal) =>
        string.CompareOrdinal(this.text, this.position, literal, 0, literal.Length) == 0;

    private JsToken Take(JsTokenKind kind, int length)
    {
        int start = this.position;
        this.position += length;
        return new JsToken(kind, start, this.position);
    }

    private void SkipWhitespace()
    {
        while (this.position < this.end && (char.IsWhiteSpace(this.text[this.position]) || this.text[this.position] == '\uFEFF'))
        {
            this.position++;
        }
    }

    private JsToken ReadString(char quote)
    {
        int start = this.position++;
        while (this.position < this.end)
        {
            char c = this.text[this.position];
            if (c == '\\')
            {
                this.position = Math.Min(this.end, this.position + 2);
            }
            else if (c == quote)
            {
                this.position++;
                break;
            }
            else if (c is '\n' or '\r')
            {
                // An unterminated string ends at its line: the parser will report it.
                break;
            }
            else
            {
                this.position++;
            }
        }

        return new JsToken(JsTokenKind.String, start, this.position);
    }

    // Reads template characters from contentStart until the closing backtick or a substitution.
    private JsToken ReadTemplate(int tokenStart, int contentStart)
    {
        this.position = contentStart;
        while (this.position < this.end)
        {
            char c = this.text[this.position];
            if (c == '\\')
            {
                this.position = Math.Min(this.end, this.position + 2);
            }
            else if (c == '`')
            {
                this.position++;
                return new JsToken(JsTokenKind.Template, tokenStart, this.position);
            }
            else if (c == '$' && this.Peek(1) == '{')
            {
                this.position += 2;
                this.templateBraces.Add(0);
                return new JsToken(JsTokenKind.Template, tokenStart, this.position);
            }
            else
            {
                this.position++;
            }
        }

        var token = new JsToken(JsTokenKind.Template, tokenStart, this.position);
        this.Unterminated ??= token;
        return token;
    }

    private JsToken ResumeTemplate(int start)
    {
        this.templateBraces.RemoveAt(this.templateBraces.Count - 1);
        return this.ReadTemplate(start, start + 1);
    }

    private JsToken ReadLineComment()
    {
        int start = this.position;
        while (this.position < this.end && !IsLineBreak(this.text[this.position]))
        {
            this.position++;
        }

        return new JsToken(JsTokenKind.Comment, start, this.position);
    }

    private JsToken ReadBlockComment()
    {
        int start = this.position;
        int close = this.text.IndexOf("*/", start + 2, StringComparison.Ordinal);
        this.position = close < 0 ? this.end : close + 2;
        var token = new JsToken(JsTokenKind.Comment, start, this.position);
        if (close < 0)
        {
            this.Unterminated ??= token;
        }

        return token;
    }

    private JsToken ReadRegexOrSlash()
    {
        int start = this.position;
        int i = start + 1;
        bool inClass = false;
        while (i < this.end && !IsLineBreak(this.text[i]))
        {
            char c = this.text[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }
            else if (c == '/' && !inClass)
            {
                i++;
                while (i < this.end && IsWordPart(this.text[i]))
                {
                    i++;
                }

                this.position = i;
                return new JsToken(JsTokenKind.Regex, start, i);
            }

            i++;
        }

        // No closing slash on this line: it was a division after all.
        return this.ReadPunctuator();
    }

    private JsToken ReadWord()
    {
        int start = this.position++;
        while (this.position < this.end && IsWordPart(this.text[this.position]))
        {
            this.position++;
        }

        return new JsToken(JsTokenKind.Word, start, this.position);
    }

    private JsToken ReadNumber()
    {
        int start = this.position++;
        while (this.position < this.end && (char.IsAsciiLetterOrDigit(this.text[this.position]) || this.text[this.position] is '.' or '_'))
        {
            this.position++;
        }

        return new JsToken(JsTokenKind.Number, start, this.position);
    }

    private JsToken ReadPunctuator()
    {
        foreach (string candidate in MayBeLong(this.text[this.position]) ? Punctuators : [])
        {
            // "?." followed by a digit is a conditional and a number (a ?.5 : b).
            if (this.At(candidate) && !(candidate == "?." && char.IsAsciiDigit(this.Peek(2))))
            {
                return this.Take(JsTokenKind.Punctuator, candidate.Length);
            }
        }

        char c = this.text[this.position];
        if (this.templateBraces.Count > 0)
        {
            if (c == '{')
            {
                this.templateBraces[^1]++;
            }
            else if (c == '}')
            {
                this.templateBraces[^1]--;
            }
        }

        return this.Take(JsTokenKind.Punctuator, 1);
    }
}
