using Jint;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Parsing;

namespace ScriptHarness.Tests.ScriptRuntime.Parsing;

public class ScriptValidationTests
{
    [Fact]
    public void Top_level_await_and_return_are_valid()
    {
        ScriptValidation result = ScriptValidator.Validate("const r = await tools.readFile({path: 'a'});\nreturn r.length;");

        Assert.True(result.IsValid);
        Assert.NotNull(result.Script.Prepared.Program);
    }

    [Fact]
    public void F29_A_syntax_error_is_reported_with_its_line_and_column_in_the_script()
    {
        ScriptValidation result = ScriptValidator.Validate("const a = 1;\nconst b = (a + ;\nreturn b;");

        Assert.False(result.IsValid);
        Assert.Equal(ScriptErrorCode.Syntax, result.Error.Code);
        Assert.Equal((2, 16), (result.Error.Line, result.Error.Column));
        Assert.Contains("line 2, column 16", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("const b = (a + ;\n               ^", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_brace_is_reported_at_the_end_of_the_script_not_in_the_wrapper()
    {
        ScriptValidation result = ScriptValidator.Validate("if (true) {\n  return 1;");

        Assert.Equal(ScriptErrorCode.Syntax, result.Error?.Code);
        Assert.Equal((2, 12), (result.Error?.Line, result.Error?.Column));
        Assert.Contains("not closed", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_cannot_close_the_function_it_runs_in()
    {
        ScriptValidation result = ScriptValidator.Validate("return 1;\n}); globalThis.x = 1; (async function() {");

        Assert.Equal(ScriptErrorCode.Syntax, result.Error?.Code);
        Assert.Equal(2, result.Error?.Line);
    }

    [Theory]
    [InlineData("const a: number = 1;\nreturn a;", 1, 8, ":", "type annotation")]
    [InlineData("function f(x: string) { return x; }\nreturn f('a');", 1, 13, ":", "type annotation")]
    [InlineData("function f(x?: string) { return x; }\nreturn f();", 1, 13, "?", "optional parameter")]
    [InlineData("async function f(): Promise<number> { return 1; }\nreturn f();", 1, 19, ":", "type annotation")]
    [InlineData("const f = (x: number) => x;\nreturn f(1);", 1, 13, ":", "type annotation")]
    [InlineData("interface Args { path: string }\nreturn 1;", 1, 1, "interface", "interface")]
    [InlineData("type Id = string;\nreturn 1;", 1, 1, "type", "type alias")]
    [InlineData("const r = await tools.readFile({path: 'a'}) as string;\nreturn r;", 1, 45, "as", "`as` type cast")]
    [InlineData("function id<T>(x) { return x; }\nreturn id(1);", 1, 12, "<", "generic type parameters")]
    [InlineData("const m = new Map<string>();\nreturn m;", 1, 18, "<", "type arguments")]
    [InlineData("enum Color { Red, Green }\nreturn 1;", 1, 1, "enum", "enum")]
    [InlineData("const o = { a: { b: 1 } };\nreturn o.a!.b;", 2, 11, "!", "non-null")]
    [InlineData("class A {\n  constructor(private x) {}\n}\nreturn new A(1);", 2, 15, "private", "access modifier")]
    [InlineData("try { await tools.x({}); } catch (e: any) { return 1; }", 1, 36, ":", "type annotation")]
    [InlineData("const c = { a: 1 } satisfies Record<string, number>;\nreturn c;", 1, 20, "satisfies", "`satisfies` check")]
    [InlineData("declare const x: number;\nreturn 1;", 1, 1, "declare", "declare statement")]
    [InlineData("class A implements B {}\nreturn 1;", 1, 9, "implements", "implements clause")]
    [InlineData("abstract class A {}\nreturn 1;", 1, 1, "abstract", "abstract class")]
    [InlineData("namespace N { }\nreturn 1;", 1, 1, "namespace", "namespace")]
    [InlineData("const items: string[] = [];\nreturn items;", 1, 12, ":", "type annotation")]
    public void TypeScript_only_syntax_gets_a_typescript_syntax_error_at_the_spot(string script, int line, int column, string token, string what)
    {
        ScriptValidation result = ScriptValidator.Validate(script);

        Assert.False(result.IsValid);
        Assert.Equal(ScriptErrorCode.TypescriptSyntax, result.Error.Code);
        Assert.Equal((line, column), (result.Error.Line, result.Error.Column));
        Assert.Contains($"(`{token}`)", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains(what, result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("plain JavaScript", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal("typescript-syntax", result.Error.Code.ToCode());
    }

    [Theory]
    [InlineData("const o = { a: 1, b: { c: 'x' } };\nreturn o;")]
    [InlineData("const x = 1;\nreturn x > 0 ? 'pos' : 'neg';")]
    [InlineData("outer: for (const a of [1, 2]) { for (const b of [3]) { if (a) continue outer; } }\nreturn 1;")]
    [InlineData("const as = 1;\nconst type = 2;\nconst interface_ = 3;\nreturn as + type + interface_;")]
    [InlineData("function as(x) { return x; }\nreturn as(1);")]
    [InlineData("const { a: renamed = 2 } = { a: 1 };\nreturn renamed;")]
    [InlineData("switch (1) { case 1: return 'one'; default: return 'other'; }")]
    [InlineData("const a = 1, b = 2, c = 3;\nreturn a < b > c;")]
    [InlineData("const x = true;\nreturn !x != !!x;")]
    [InlineData("const type = 'a';\nlet y = type\n!x;\nfunction x() {}")]
    [InlineData("const T = 1, f = (x) => x;\nreturn f<T>(1);")]
    [InlineData("const s = 'x: number';\n// interface Foo {}\nreturn `${s} as string`;")]
    public void Valid_javascript_that_looks_like_typescript_is_accepted(string script)
    {
        ScriptValidation result = ScriptValidator.Validate(script);

        Assert.True(result.IsValid, result.Error?.Message);
    }

    [Theory]
    [InlineData("const o = { a: b c };\nreturn o;")]
    [InlineData("foo(a: 1);")]
    [InlineData("const x = ;")]
    public void A_plain_syntax_error_near_colons_is_not_blamed_on_typescript(string script)
    {
        ScriptValidation result = ScriptValidator.Validate(script);

        Assert.Equal(ScriptErrorCode.Syntax, result.Error?.Code);
    }

    [Fact]
    public void F03_A_typescript_script_with_async_await_is_rejected_with_advice_to_write_javascript()
    {
        const string script = "interface File { path: string }\nconst files: File[] = await tools.listDir({ path: '.' });\nreturn files.length;";

        ScriptValidation result = ScriptValidator.Validate(script);

        Assert.Equal(ScriptErrorCode.TypescriptSyntax, result.Error?.Code);
        Assert.False(result.Error?.Retryable);
    }

    [Fact]
    public void S03_Require_is_rejected_before_the_sandbox()
    {
        ScriptValidation result = ScriptValidator.Validate("const fs = require('fs');\nreturn fs.readFileSync('/etc/passwd', 'utf8');");

        Assert.Equal(ScriptErrorCode.SandboxViolation, result.Error?.Code);
        Assert.Equal((1, 12), (result.Error?.Line, result.Error?.Column));
        Assert.Contains("tools", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S04_Dynamic_import_is_rejected_before_the_sandbox()
    {
        ScriptValidation result = ScriptValidator.Validate("const fs = await import('fs');\nreturn 1;");

        Assert.Equal(ScriptErrorCode.SandboxViolation, result.Error?.Code);
        Assert.Equal((1, 18), (result.Error?.Line, result.Error?.Column));
    }

    [Fact]
    public void Static_import_is_a_syntax_error_of_a_script()
    {
        Assert.Equal(ScriptErrorCode.Syntax, ScriptValidator.Validate("import fs from 'fs';\nreturn 1;").Error?.Code);
    }

    [Fact]
    public void A_script_that_declares_its_own_require_is_allowed()
    {
        Assert.True(ScriptValidator.Validate("function require(name) { return name; }\nreturn require('x');").IsValid);
    }

    [Fact]
    public void Validation_applies_the_size_limit_too()
    {
        ScriptValidation result = ScriptValidator.Validate("return 12345;", new ParseOptions { MaxScriptBytes = 5 });

        Assert.Equal(ScriptErrorCode.LimitExceeded, result.Error?.Code);
        Assert.Equal(ScriptLimit.ScriptSize, result.Error?.Limit);
        Assert.Equal(
            "The script is 13 bytes; a script may be at most 5 bytes. Split the work into several smaller scripts, or let tools read large data instead of inlining it.",
            result.Error?.Message);
    }

    [Fact]
    public void The_prepared_script_evaluates_to_the_async_function_so_execution_need_not_parse_again()
    {
        ScriptValidation result = ScriptValidator.Validate(
            "const x = await Promise.resolve(40);\nreturn x + 2;", new ParseOptions { RegexTimeout = TimeSpan.FromSeconds(1) });
        var engine = new Jint.Engine(o => o.Strict = true);

        Jint.Native.JsValue function = engine.Evaluate(result.Script!.Prepared);
        Jint.Native.JsValue value = engine.Invoke(function).UnwrapIfPromise();

        Assert.Equal(42, value.AsNumber());
    }
}
