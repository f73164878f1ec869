using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Facade;

/// <summary>
/// The JSON of tool arguments and of the return value is written straight from script values to
/// UTF-8; it must be exactly the text <c>JSON.stringify</c> gives inside the script, for the
/// values where the two could differ: -0, NaN and the infinities, big and tiny numbers, nested
/// arrays, non-ASCII and escaped characters, dropped members, <c>toJSON</c>, getters.
/// </summary>
public class ArgumentJsonTests
{
    private const string Values = """
        const g = {}; Object.defineProperty(g, 'got', { get() { return [1, 2]; }, enumerable: true });
        const values = [
          { zero: -0, nan: NaN, inf: Infinity, ninf: -Infinity },
          { big: 2 ** 53 + 2, huge: 2 ** 64, e21: 1e21, tiny: 1e-7, third: 1 / 3, neg: -1.5e-300, max: Number.MAX_VALUE },
          { nested: [[1, [2, [3, [4, []]]]], [], [[]], [null, true, false]] },
          { text: 'é ü 中文 😀 \u2028\u2029 "q" \\ / \n\t\r\b\f \u0001\u001f <>&\'' },
          { undef: undefined, fn() {}, [Symbol('s')]: 1, arr: [undefined, () => 1, Symbol('t')], date: new Date(0) },
          { toJSON() { return { replaced: true }; } },
          { 2: 'b', 1: 'a', z: 1, y: 2, '-1': 'neg' },
          g,
          { boxed: [new Number(3), new String('s'), new Boolean(false)] },
        ];
        """;

    [Fact]
    public void Tool_arguments_are_exactly_what_JSON_stringify_gives_in_the_script()
    {
        var (report, dispatched, _) = Scripts.Drive(Values + """
            const texts = [];
            for (const v of values) { texts.push(JSON.stringify({ v })); await tools.echo({ v }); }
            return texts;
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        string[] expected = [.. report.Result!.Value.EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(9, expected.Length);
        Assert.Equal(expected, dispatched.Select(call => call.Args.GetRawText()));
        Assert.Contains("\"zero\":0,\"nan\":null", expected[0], StringComparison.Ordinal);
        Assert.Contains("1e+21", expected[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_return_value_is_exactly_what_JSON_stringify_gives_in_the_script()
    {
        var (report, _, _) = Scripts.Drive(Values + """
            console.log(JSON.stringify(values));
            return values;
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal(Assert.Single(report.Logs).Message, Scripts.ResultText(report));
    }

    [Fact]
    public void Cycles_and_BigInts_in_arguments_are_refused_as_before_and_the_call_never_leaves()
    {
        var (report, dispatched, _) = Scripts.Drive("""
            const out = [];
            const a = { name: 'a' }; a.self = a;
            try { await tools.echo(a); } catch (e) { out.push([e.code, e.message]); }
            try { await tools.echo({ n: 10n }); } catch (e) { out.push([e.code, e.message]); }
            const deep = { inner: { toJSON() { const c = []; c.push(c); return c; } } };
            try { await tools.echo(deep); } catch (e) { out.push([e.code, e.message]); }
            return out;
            """);

        Assert.Empty(dispatched);
        string result = Scripts.ResultText(report);
        Assert.Equal(3, report.Result!.Value.GetArrayLength());
        Assert.All(report.Result.Value.EnumerateArray(), e => Assert.Equal("tool-validation", e[0].GetString()));
        Assert.Contains("Arguments of tools.echo are not JSON (TypeError", result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_toJSON_that_calls_a_tool_while_the_arguments_are_written_keeps_both_calls_whole()
    {
        var (report, dispatched, _) = Scripts.Drive("""
            const inner = { toJSON() { tools.echo({ from: 'inside', list: [1, 2, 3] }); return 'outer-value'; } };
            await tools.echo({ inner, after: 'x'.repeat(300) });
            return 1;
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Contains(dispatched, call => call.Args.GetRawText() == """{"from":"inside","list":[1,2,3]}""");
        Assert.Contains(dispatched, call => call.Args.GetRawText() == $$"""{"inner":"outer-value","after":"{{new string('x', 300)}}"}""");
    }

    [Fact]
    public void A_return_value_that_is_a_symbol_or_a_function_still_fails_with_the_same_message()
    {
        var (report, _, _) = Scripts.Drive("return () => 1;");

        Assert.Equal(ScriptErrorCode.RuntimeError, report.Error!.Code);
        Assert.Contains("(a function) is not JSON-serializable", report.Error.Message, StringComparison.Ordinal);
    }
}
