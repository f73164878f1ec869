using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Limits;

/// <summary>
/// Deep data and re-entrant coercions walked on the CLR stack by built-ins or by the harness.
/// Before the stack guard each of these ended the test host with "Stack overflow." (exit 134):
/// the failing signal of this class is the test process dying. Each must end with a typed outcome.
/// </summary>
public class NativeRecursionAttackTests
{
    // Deep enough to overflow a 1.5 MiB thread-pool stack (and an 8 MiB main one) many times over.
    private const string Deep = "const N = 100000;\n";

    public static TheoryData<string, string> StackAttacks => new()
    {
        { "join", "let a = []; for (let i = 0; i < N; i++) a = [a]; return a.join().length;" },
        { "String(nested)", "let a = []; for (let i = 0; i < N; i++) a = [a]; return String(a).length;" },
        { "toLocaleString", "let a = []; for (let i = 0; i < N; i++) a = [a]; return a.toLocaleString().length;" },
        { "JSON.stringify objects", "let a = {}; for (let i = 0; i < N; i++) a = { a }; return JSON.stringify(a).length;" },
        { "JSON.stringify arrays", "let a = []; for (let i = 0; i < N; i++) a = [a]; return JSON.stringify(a).length;" },
        { "JSON.stringify replacer", "let a = {}; for (let i = 0; i < N; i++) a = { a }; return JSON.stringify(a, (k, v) => v).length;" },
        { "flat(Infinity)", "let a = []; for (let i = 0; i < N; i++) a = [a]; return a.flat(Infinity).length;" },
        { "Proxy get chain", "let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return p.x;" },
        { "Proxy has chain", "let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return 'x' in p;" },
        { "Proxy ownKeys chain", "let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return Object.keys(p);" },
        { "Proxy apply chain", "let f = function () { return 1; }; for (let i = 0; i < N; i++) f = new Proxy(f, {}); return f();" },
        { "Proxy getPrototypeOf chain", "let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return Object.getPrototypeOf(p);" },
        { "Object.prototype.toString on a Proxy chain", "let p = {}; for (let i = 0; i < N; i++) p = new Proxy(p, {}); return Object.prototype.toString.call(p);" },
        { "nested getters", "let o = { x: 1 }; for (let i = 0; i < 20000; i++) { const t = o; o = { get x() { return t.x; } }; } return o.x;" },
        { "toString chain", "let o = {}; for (let i = 0; i < 20000; i++) { const t = o; o = { toString() { return String(t); } }; } return String(o);" },
        { "valueOf recursion", "const o = { valueOf() { return +p; } }; const p = { valueOf() { return +o; } }; return +o;" },
        { "Symbol.toPrimitive recursion", "const o = { [Symbol.toPrimitive]() { return `${o}`; } }; return `${o}`;" },
        { "sort comparator recursion", "function c(x, y) { [3, 2, 1].sort(c); return x - y; } return [3, 2, 1].sort(c);" },
        { "deep return value", "let a = []; for (let i = 0; i < N; i++) a = [a]; return a;" },
        { "deep tool argument", "let a = []; for (let i = 0; i < N; i++) a = [a]; return await tools.echo({ a });" },
        { "deep console argument", "let a = []; for (let i = 0; i < N; i++) a = [a]; console.log(a); let b = {}; for (let i = 0; i < N; i++) b = { b }; console.log(b); return 1;" },
        { "deep Error cause chain", "let e = new Error('x'); for (let i = 0; i < N; i++) e = new Error('y', { cause: e }); return [String(e), JSON.stringify(e)];" },
        { "Promise chain of 1e5 thens", "let p = Promise.resolve(0); for (let i = 0; i < N; i++) p = p.then(x => x + 1); return await p;" },
        { "RegExp on large input", "return /(a|b)*c/.test('ab'.repeat(2000));" },
        { "prototype chain", "let p = {}; for (let i = 0; i < N; i++) p = Object.create(p); return p.x;" },
        { "bound function chain", "let f = function () { return 1; }; for (let i = 0; i < N; i++) f = f.bind(null); return [f(), typeof new f()];" },
        { "plain recursion", "function f() { return f(); } return f();" },
        { "recursion through a getter", "const o = { get x() { return o.x; } }; return o.x;" },
        { "recursion through new", "function F() { return new F(); } return new F();" },
    };

    [Theory]
    [MemberData(nameof(StackAttacks))]
    public void Deep_data_through_a_native_path_ends_the_run_with_a_typed_outcome_and_the_process_survives(string attack, string script)
    {
        ScriptRunReport report = Scripts.Drive(Deep + script).Report;

        Assert.True(report.Status is ScriptRunStatus.Completed or ScriptRunStatus.Failed, attack);
        if (report.Status == ScriptRunStatus.Failed)
        {
            Assert.NotEqual(ScriptErrorCode.Internal, report.Error!.Code);
            Assert.True(report.Error.Code is ScriptErrorCode.LimitExceeded or ScriptErrorCode.RuntimeError, $"{attack}: {report.Error.Code} {report.Error.Message}");
        }
    }

    [Theory]
    [InlineData("let a = []; for (let i = 0; i < 100000; i++) a = [a]; a.join();")]
    [InlineData("let a = {}; for (let i = 0; i < 100000; i++) a = { a }; JSON.stringify(a);")]
    public void An_uncaught_stack_exhaustion_is_a_recursion_limit(string script)
    {
        Scripts.AssertLimit(Scripts.Drive(script).Report, ScriptLimit.RecursionDepth);
    }

    [Fact]
    public void The_stack_guard_is_a_catchable_RangeError_and_the_engine_goes_on()
    {
        ScriptRunReport report = Scripts.Drive("""
            let a = []; for (let i = 0; i < 100000; i++) a = [a];
            let caught;
            try { a.join(); } catch (e) { caught = [e.name, e.message]; }
            return [caught, [1, [2, 3]].join()];
            """).Report;

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal("""[["RangeError","Maximum call stack size exceeded"],"1,2,3"]""", Scripts.ResultText(report));
    }

    [Theory]
    [InlineData(65, false)]
    [InlineData(64, true)]
    public void A_return_value_deeper_than_maxNestingDepth_is_a_nestingDepth_limit(int levels, bool fits)
    {
        ScriptRunReport report = Scripts.Drive($"let a = 1; for (let i = 0; i < {levels}; i++) a = [a]; return a;").Report;

        if (fits)
        {
            Assert.Equal(ScriptRunStatus.Completed, report.Status);
        }
        else
        {
            Scripts.AssertLimit(report, ScriptLimit.NestingDepth);
        }
    }

    [Theory]
    [InlineData(100)]
    [InlineData(100000)]
    public void Deep_tool_arguments_throw_a_catchable_nestingDepth_error_and_the_call_never_leaves(int levels)
    {
        var (report, dispatched, _) = Scripts.Drive($$"""
            let a = []; for (let i = 0; i < {{levels}}; i++) a = [a];
            try { await tools.echo({ a }); return 'sent'; } catch (e) { return [e.code, e.limit]; }
            """);

        Assert.Equal("""["limit-exceeded","nestingDepth"]""", Scripts.ResultText(report));
        Assert.Empty(dispatched);
    }

    [Fact]
    public void A_deep_tool_result_rejects_the_call_with_nestingDepth()
    {
        string deep = new string('[', 100) + new string(']', 100);
        var (report, _, _) = Scripts.Drive(
            "try { await tools.echo({}); return 'delivered'; } catch (e) { return [e.code, e.limit]; }",
            answer: _ => global::ScriptHarness.ScriptRuntime.Execution.ToolOutcome.Success(
                System.Text.Json.JsonDocument.Parse(deep, new System.Text.Json.JsonDocumentOptions { MaxDepth = 200 }).RootElement.Clone()));

        Assert.Equal("""["limit-exceeded","nestingDepth"]""", Scripts.ResultText(report));
        Assert.Equal(ToolCallStatus.Failed, Assert.Single(report.Calls).Status);
    }

    [Fact]
    public void maxNestingDepth_is_configurable()
    {
        ScriptRunReport report = Scripts.Drive(
            "let a = 1; for (let i = 0; i < 10; i++) a = [a]; return a;",
            Scripts.Options(Scripts.Limits(l => l.MaxNestingDepth = 5))).Report;

        Scripts.AssertLimit(report, ScriptLimit.NestingDepth);
    }

    [Fact]
    public void A_deep_console_argument_is_logged_as_a_marker()
    {
        ScriptRunReport report = Scripts.Drive("let a = 1; for (let i = 0; i < 100; i++) a = [a]; console.log('x', a); return 1;").Report;

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal("x [nested deeper than 64 levels]", Assert.Single(report.Logs).Message);
    }
}
