using System.Text;
using Acornima;
using Acornima.Ast;
using Jint;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Scripts;

namespace ScriptHarness.ScriptRuntime.Parsing;

/// <summary>
/// Checks a script before anything runs: size, then syntax with the parser Jint executes with
/// (Acornima, through <see cref="Engine.PrepareScript"/>) on the script wrapped by
/// <see cref="ScriptWrapper"/>, so top-level <c>await</c> and <c>return</c> are valid. A syntax
/// error that is TypeScript-only syntax is reported as <see cref="ScriptErrorCode.TypescriptSyntax"/>.
/// </summary>
public static class ScriptValidator
{
    private const string SourceName = "script";

    /// <summary>Validates <paramref name="script"/> (the text between the tags).</summary>
    public static ScriptValidation Validate(string script, ParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        options ??= ParseOptions.Default;
        if (string.IsNullOrWhiteSpace(script))
        {
            return ScriptValidation.Invalid(new ScriptError(
                ScriptErrorCode.Parse, "The script is empty. Write JavaScript between <tool-calls> and </tool-calls>.", Retryable: false));
        }

        int bytes = Encoding.UTF8.GetByteCount(script);
        if (bytes > options.MaxScriptBytes)
        {
            return ScriptValidation.Invalid(SizeLimitErrors.ScriptSize(bytes, options.MaxScriptBytes));
        }

        string wrapped = ScriptWrapper.Wrap(script);
        Prepared<Script> prepared;
        try
        {
            ScriptPreparationOptions? preparation = options.RegexTimeout is TimeSpan timeout
                ? new ScriptPreparationOptions { ParsingOptions = new ScriptParsingOptions { RegexTimeout = timeout } }
                : null;
            prepared = Engine.PrepareScript(wrapped, SourceName, options.Strict, preparation);
        }
        catch (ScriptPreparationException ex) when (ex.InnerException is ParseErrorException parse)
        {
            return ScriptValidation.Invalid(Explain(script, parse.Error));
        }

        Script program = prepared.Program ?? throw new InvalidOperationException("Jint prepared a script without a program.");
        if (EscapesWrapper(program, wrapped.Length) is int escape)
        {
            return ScriptValidation.Invalid(SyntaxError(script, Math.Clamp(escape - ScriptWrapper.Prefix.Length, 0, script.Length),
                "unbalanced closing brace: the script ends the function it runs in"));
        }

        // Walking the tree costs more than the parse; only scripts that name a loader need it.
        bool namesLoader = script.Contains("import", StringComparison.Ordinal) || script.Contains("require", StringComparison.Ordinal);
        if (namesLoader && ForbiddenSyntaxCheck.Find(program) is (Node node, string what))
        {
            TextPosition at = TextPosition.At(script, node.Range.Start - ScriptWrapper.Prefix.Length);
            return ScriptValidation.Invalid(new ScriptError(
                ScriptErrorCode.SandboxViolation,
                $"{what} at {at} is not available: scripts cannot load modules. Reach files, commands and everything else through `tools`." +
                Snippet(script, at),
                Retryable: false)
            { Line = at.Line, Column = at.Column });
        }

        return ScriptValidation.Valid(new ValidatedScript(script, prepared));
    }

    // A script such as `}); other(); (function() {` parses once wrapped, but its code would run
    // outside the function; the wrapped program must be exactly the one function expression.
    private static int? EscapesWrapper(Script program, int wrappedLength)
    {
        if (program.Body.Count == 1 &&
            program.Body[0] is ExpressionStatement { Expression: FunctionExpression function } &&
            function.Range.End == wrappedLength - 1)
        {
            return null;
        }

        Node first = program.Body[0] is ExpressionStatement { Expression: SequenceExpression sequence } ? sequence.Expressions[0] : program.Body[0];
        return first.Range.End - 1;
    }

    private static ScriptError Explain(string script, ParseError error)
    {
        int offset = error.IsIndexDefined ? error.Index - ScriptWrapper.Prefix.Length : script.Length;
        if (offset >= script.Length)
        {
            return SyntaxError(script, script.Length,
                $"{error.Description.TrimEnd('.')}: the script ended early; a bracket, brace, parenthesis, string, template literal or comment is not closed");
        }

        offset = Math.Max(0, offset);
        if (TypeScriptSyntaxDetector.Find(script, offset) is { } finding)
        {
            TextPosition at = TextPosition.At(script, finding.Start);
            return new ScriptError(
                ScriptErrorCode.TypescriptSyntax,
                $"TypeScript syntax at {at}: {finding.What} (`{finding.Token}`). Scripts run as plain JavaScript: " +
                "remove type annotations, interfaces, type aliases, enums, `as` casts, generics, non-null `!` and access modifiers." +
                Snippet(script, at),
                Retryable: false)
            { Line = at.Line, Column = at.Column };
        }

        return SyntaxError(script, offset, error.Description.TrimEnd('.'));
    }

    private static ScriptError SyntaxError(string script, int offset, string description)
    {
        TextPosition at = TextPosition.At(script, offset);
        return new ScriptError(ScriptErrorCode.Syntax, $"Syntax error at {at}: {description}." + Snippet(script, at), Retryable: false)
        {
            Line = at.Line,
            Column = at.Column,
        };
    }

    // The offending line with a caret under the column, so the model sees the spot.
    private static string Snippet(string script, TextPosition at)
    {
        string[] lines = script.ReplaceLineEndings("\n").Split('\n');
        if (at.Line > lines.Length)
        {
            return string.Empty;
        }

        string line = lines[at.Line - 1];
        string caret = new string(' ', Math.Min(at.Column - 1, line.Length)) + "^";
        return $"\n{line}\n{caret}";
    }
}
