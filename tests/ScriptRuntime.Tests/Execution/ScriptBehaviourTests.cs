using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Execution;

/// <summary>Ordinary scripts: composition, results, errors the model gets back.</summary>
public class ScriptBehaviourTests
{
    [Fact]
    public async Task F07_the_output_of_one_tool_feeds_the_next()
    {
        ScriptRunReport report = await Scripts.RunAsync(
            """
            const listing = await tools.exec({ command: ['ls'] });
            const contents = await Promise.all(listing.files.map(path => tools.readFile({ path })));
            return contents.map(c => c.text);
            """,
            tools: (call, _) => Task.FromResult(call.Tool == "exec"
                ? Scripts.Json("""{"files":["a.md","b.md"]}""")
                : Scripts.Json($$"""{"text":"content of {{call.Args.GetProperty("path").GetString()}}"}""")));

        Assert.Equal("""["content of a.md","content of b.md"]""", Scripts.ResultText(report));
        Assert.Equal(["exec", "readFile", "readFile"], report.Calls.Select(c => c.Tool));
    }

    [Fact]
    public async Task F08_a_custom_object_with_nested_fields_is_serialized()
    {
        ScriptRunReport report = await Scripts.RunAsync("""
            class Summary { constructor() { this.files = [{ name: 'a', lines: 3, tags: ['x'] }]; this.ok = true; this.nothing = null; } }
            return { summary: new Summary(), when: new Date(0), skipped: undefined, nan: NaN };
            """);

        Assert.Equal(
            """{"summary":{"files":[{"name":"a","lines":3,"tags":["x"]}],"ok":true,"nothing":null},"when":"1970-01-01T00:00:00.000Z","nan":null}""",
            Scripts.ResultText(report));
    }

    [Fact]
    public async Task F21_context_fields_are_readable()
    {
        ScriptRunReport report = await Scripts.RunAsync(
            "return `${context.workingDirectory}|${context.sandbox.timeoutMs}`;",
            Scripts.Options(context: Scripts.Json("""{"workingDirectory":"/work/repo","sandbox":{"timeoutMs":30000}}""")));

        Assert.Equal("\"/work/repo|30000\"", Scripts.ResultText(report));
    }

    [Fact]
    public async Task F22_a_script_without_a_return_value_completes_with_no_result()
    {
        ScriptRunReport report = await Scripts.RunAsync("await tools.echo({});");

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Null(report.Result);
        Assert.Null(report.Error);
    }

    [Fact]
    public async Task F25_helper_functions_and_classes_defined_in_the_script_can_be_called()
    {
        ScriptRunReport report = await Scripts.RunAsync("""
            async function readAll(paths) { return Promise.all(paths.map(read)); }
            const read = async path => (await tools.readFile({ path })).args.path.toUpperCase();
            const upper = await readAll(['a', 'b']);
            const [first, ...rest] = upper;
            return { first, rest, grouped: Object.groupBy([1, 2, 3], n => n % 2 ? 'odd' : 'even'), last: upper.at(-1) ?? 'none' };
            """);

        Assert.Equal("""{"first":"A","rest":["B"],"grouped":{"odd":[1,3],"even":[2]},"last":"B"}""", Scripts.ResultText(report));
    }

    [Fact]
    public async Task An_uncaught_error_fails_the_run_with_its_name_message_and_line()
    {
        ScriptRunReport report = await Scripts.RunAsync("const a = 1;\nconst b = null;\nreturn b.field;");

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.Equal(ScriptErrorCode.RuntimeError, report.Error!.Code);
        Assert.StartsWith("Uncaught TypeError:", report.Error.Message, StringComparison.Ordinal);
        Assert.Equal(3, report.Error.Line);
        Assert.False(report.Error.Retryable);
    }

    [Fact]
    public async Task A_thrown_non_error_value_is_reported()
    {
        ScriptRunReport report = await Scripts.RunAsync("throw 'plain string';");

        Assert.Equal("Uncaught plain string", report.Error!.Message);
    }

    [Theory]
    [InlineData("const o = {}; o.self = o; return o;", "cyclic")]
    [InlineData("return 10n;", "BigInt")]
    [InlineData("return () => 1;", "function")]
    [InlineData("return Symbol('s');", "symbol")]
    public async Task A_return_value_that_is_not_JSON_fails_with_a_clear_error(string script, string hint)
    {
        ScriptRunReport report = await Scripts.RunAsync(script);

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.Equal(ScriptErrorCode.RuntimeError, report.Error!.Code);
        Assert.Contains("not JSON-serializable", report.Error.Message, StringComparison.Ordinal);
        Assert.True(report.Error.Message.Contains(hint, StringComparison.OrdinalIgnoreCase), report.Error.Message);
    }

    [Fact]
    public async Task Top_level_return_without_await_works()
    {
        ScriptRunReport report = await Scripts.RunAsync("return [1, 2, 3].reduce((a, b) => a + b, 0);");

        Assert.Equal("6", Scripts.ResultText(report));
        Assert.Empty(report.Calls);
    }

    [Fact]
    public async Task A_trailing_line_comment_does_not_swallow_the_wrapper()
    {
        ScriptRunReport report = await Scripts.RunAsync("return 5; // done");

        Assert.Equal("5", Scripts.ResultText(report));
    }
}
