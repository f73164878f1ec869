using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Sandbox;

/// <summary>Attempts to leave the sandbox: string compilation, modules, the CLR, host globals.</summary>
public class SandboxEscapeTests
{
    [Fact]
    public async Task S03_require_does_not_exist_so_the_script_fails_before_any_call()
    {
        ScriptRunReport report = await Scripts.RunAsync("const fs = require('fs');\nreturn await tools.echo({});");

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.Equal(ScriptErrorCode.RuntimeError, report.Error!.Code);
        Assert.Contains("ReferenceError", report.Error.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Error.Line);
        Assert.Empty(report.Calls);
    }

    [Fact]
    public async Task S04_dynamic_import_is_a_sandbox_violation()
    {
        ScriptRunReport report = await Scripts.RunAsync("const fs = await import('fs');\nreturn fs;");

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.Equal(ScriptErrorCode.SandboxViolation, report.Error!.Code);
    }

    [Fact]
    public async Task S09_eval_is_not_defined()
    {
        ScriptRunReport report = await Scripts.RunAsync("return eval('1 + 1');");

        Assert.Equal(ScriptErrorCode.RuntimeError, report.Error!.Code);
        Assert.Contains("ReferenceError", report.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S10_new_Function_from_a_string_is_blocked_as_a_sandbox_violation()
    {
        ScriptRunReport report = await Scripts.RunAsync("const g = new Function('return this')();\nreturn typeof g;");

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.Equal(ScriptErrorCode.SandboxViolation, report.Error!.Code);
    }

    [Theory]
    [InlineData("({}).constructor.constructor('return this')()")]
    [InlineData("(async function () {}).constructor('return this')")]
    [InlineData("(function* () {}).constructor('yield this')")]
    [InlineData("(async function* () {}).constructor('yield this')")]
    [InlineData("Reflect.construct(Function, ['return this'])")]
    [InlineData("tools.echo.constructor('return this')()")]
    [InlineData("console.log.call.constructor('return this')()")]
    public async Task Constructor_chains_cannot_compile_code_from_strings(string attack)
    {
        ScriptRunReport report = await Scripts.RunAsync($"try {{ {attack}; return 'escaped'; }} catch (e) {{ return String(e.message); }}");

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Contains("String compilation has been disabled", Scripts.ResultText(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task S11_host_and_node_globals_are_undefined()
    {
        ScriptRunReport report = await Scripts.RunAsync("""
            return [typeof globalThis.process, typeof require, typeof module, typeof exports, typeof setTimeout,
                    typeof setInterval, typeof fetch, typeof XMLHttpRequest, typeof importScripts, typeof System,
                    typeof importNamespace, typeof clr, typeof host, typeof eval, typeof WeakRef,
                    typeof FinalizationRegistry, typeof SharedArrayBuffer, typeof Atomics, typeof ShadowRealm,
                    typeof ArrayBuffer, typeof Uint8Array, typeof DataView, typeof Float64Array];
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.All(report.Result!.Value.EnumerateArray(), t => Assert.Equal("undefined", t.GetString()));
    }

    [Fact]
    public async Task S18_new_Worker_throws_ReferenceError()
    {
        ScriptRunReport report = await Scripts.RunAsync("try { new Worker('x.js'); return 'started'; } catch (e) { return e.name; }");

        Assert.Equal("\"ReferenceError\"", Scripts.ResultText(report));
    }

    [Fact]
    public async Task The_CLR_is_unreachable_from_tools_console_and_results()
    {
        ScriptRunReport report = await Scripts.RunAsync("""
            const r = await tools.echo({ list: [1, 2] });
            return {
              toolsProto: Object.getPrototypeOf(tools) === Object.prototype,
              resultProto: Object.getPrototypeOf(r) === Object.prototype,
              listIsArray: Array.isArray(r.args.list),
              fnProto: Object.getPrototypeOf(tools.echo) === Function.prototype,
              keys: Object.keys(r).join(','),
              getType: typeof r.GetType, toObject: typeof tools.echo.ToObject, engine: typeof tools.echo.Engine,
            };
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal(
            """{"toolsProto":true,"resultProto":true,"listIsArray":true,"fnProto":true,"keys":"tool,seq,args","getType":"undefined","toObject":"undefined","engine":"undefined"}""",
            Scripts.ResultText(report));
    }

    [Fact]
    public async Task Globals_cannot_be_added_or_replaced()
    {
        ScriptRunReport report = await Scripts.RunAsync("""
            const out = [];
            for (const attack of [() => { globalThis.leak = 1; }, () => { globalThis.JSON = null; },
                                  () => { globalThis.Math = {}; }, () => { globalThis.tools = {}; },
                                  () => { delete globalThis.Promise; }, () => { Object.defineProperty(globalThis, 'x', { value: 1 }); }]) {
              try { attack(); out.push('allowed'); } catch (e) { out.push(e.name); }
            }
            return out;
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.All(report.Result!.Value.EnumerateArray(), r => Assert.Equal("TypeError", r.GetString()));
    }
}
