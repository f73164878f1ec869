using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Sandbox;

/// <summary>
/// Regression corpus of sandbox-escape techniques, written for Jint after the classes of the vm2
/// advisories (host objects reached through errors, Proxies, Symbol.species, async/generator
/// machinery, prototype pollution of host objects, prepareStackTrace hooks) and of Jint's own
/// sandbox issues. Each script performs the attack and returns what it reached; the case asserts
/// the escape failed: no CLR type, no string compilation, no mutation of frozen objects, and —
/// checked by a second run — nothing visible to a later run.
/// </summary>
public class EscapeCorpusTests
{
    // Each script returns a string; "held" (or an error name/message) means the attack failed.
    // Anything that mentions a CLR namespace, or "escaped", is a failure.
    private const string Prelude = """
        'use strict';
        function held(f) { try { const r = f(); return r === true || r === undefined ? 'held' : String(r); } catch (e) { return 'held:' + (e && e.name); } }
        """;

    public static TheoryData<string, string> Cases => new()
    {
        // Constructor chains to Function and other compilers.
        { "constructor chain from an object", "return held(() => ({}).constructor.constructor('return globalThis')() && 'escaped');" },
        { "constructor chain from tools", "return held(() => tools.constructor.constructor('return 1')() && 'escaped');" },
        { "constructor chain from a tool method", "return held(() => tools.echo.constructor('return 1')() && 'escaped');" },
        { "constructor chain from console", "return held(() => console.log.constructor('return 1')() && 'escaped');" },
        { "constructor chain from context", "return held(() => context.constructor.constructor('return 1')() && 'escaped');" },
        { "constructor chain from a tool error", "return held(() => { try { tools.nope(); } catch (e) { return e.constructor.constructor('return 1')() && 'escaped'; } });" },
        { "async generator constructor", "return held(() => Object.getPrototypeOf(async function* () {}).constructor('yield 1') && 'escaped');" },
        { "generator constructor via prototype", "return held(() => Object.getPrototypeOf(function* () {}).constructor('yield 1') && 'escaped');" },
        { "Reflect.construct Function", "return held(() => Reflect.construct(Function, ['return 1']) && 'escaped');" },
        { "Function.prototype.call.constructor", "return held(() => Function.prototype.call.constructor('return 1')() && 'escaped');" },
        { "eval via globalThis", "return held(() => globalThis['ev' + 'al']('1') && 'escaped');" },
        { "indirect eval through a Proxy", "return held(() => (new Proxy({}, { get: () => globalThis.eval }))['x']('1') && 'escaped');" },
        // Error stacks and hooks (vm2: prepareStackTrace, host exceptions leaking).
        { "Error.prepareStackTrace hook", "return held(() => { Error.prepareStackTrace = (e, s) => s; return 'escaped'; });" },
        { "getter on Error.prepareStackTrace", "return held(() => { Object.defineProperty(Error, 'prepareStackTrace', { get() { return 'escaped'; } }); return 'escaped'; });" },
        { "Error.captureStackTrace frames", "return held(() => { const o = {}; Error.captureStackTrace?.(o); return /System\\.|Jint\\.|\\.cs/.test(String(o.stack)) ? 'escaped' : 'held'; });" },
        { "stack of a tool error names no CLR frame", "try { await tools.echo(1); } catch (e) { return /System\\.|Jint\\.|\\.cs:|ScriptHarness/.test(String(e.stack) + e.message) ? 'escaped ' + e.stack : 'held'; } return 'held';" },
        { "stack of a stack overflow names no CLR frame", "function f() { return f(); } try { f(); } catch (e) { return /System\\.|\\.cs:/.test(String(e.stack)) ? 'escaped' : 'held'; } return 'held';" },
        { "stack of a native RangeError", "let a = []; for (let i = 0; i < 100000; i++) a = [a]; try { a.join(); } catch (e) { return /System\\.|\\.cs:|Jint\\./.test(String(e.stack) + e.message) ? 'escaped' : 'held'; } return 'held';" },
        // Prototype pollution of intrinsics and host objects.
        { "Object.prototype pollution", "return held(() => { Object.prototype.polluted = 1; return 'escaped'; });" },
        { "__proto__ assignment on tools", "return held(() => { tools.__proto__ = { evil: 1 }; return 'escaped'; });" },
        { "__proto__ pollution through tools", "return held(() => { tools.__proto__.polluted = 1; return 'escaped'; });" },
        { "setPrototypeOf on tools.spawn", "return held(() => { Object.setPrototypeOf(tools.spawn, {}); return 'escaped'; });" },
        { "defineProperty on context", "return held(() => { Object.defineProperty(context, 'x', { value: 1 }); return 'escaped'; });" },
        { "overwrite a tool", "return held(() => { tools.echo = () => 'fake'; return 'escaped'; });" },
        { "delete a tool", "return held(() => { delete tools.echo; return 'escaped'; });" },
        { "replace console.log", "return held(() => { console.log = () => 0; return 'escaped'; });" },
        { "Array.prototype method replaced", "return held(() => { Array.prototype.push = () => 0; return 'escaped'; });" },
        { "Promise.prototype.then hijack", "return held(() => { Promise.prototype.then = function () { return 'escaped'; }; return 'escaped'; });" },
        { "Symbol.species on Array", "return held(() => { Object.defineProperty(Array, Symbol.species, { get() { return function () { return 'escaped'; }; } }); return 'escaped'; });" },
        { "Symbol.species on Promise", "return held(() => { Promise[Symbol.species] = function () {}; return 'escaped'; });" },
        { "Symbol.hasInstance on Error", "return held(() => { Object.defineProperty(Error, Symbol.hasInstance, { value: () => true }); return 'escaped'; });" },
        { "Symbol.iterator on Array.prototype", "return held(() => { Array.prototype[Symbol.iterator] = function* () { yield 'escaped'; }; return 'escaped'; });" },
        { "toJSON on Object.prototype", "return held(() => { Object.prototype.toJSON = () => 'escaped'; return 'escaped'; });" },
        { "property on Math.random", "return held(() => { Math.random.x = 1; return 'escaped'; });" },
        { "property on JSON.parse", "return held(() => { JSON.parse.x = 1; return 'escaped'; });" },
        { "property on Date.now", "return held(() => { Date.now.x = 1; return 'escaped'; });" },
        { "defineProperty on Math.max", "return held(() => { Object.defineProperty(Math.max, 'y', { value: 1 }); return 'escaped'; });" },
        { "property on an accessor of an intrinsic", "return held(() => { Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags').get.x = 1; return 'escaped'; });" },
        { "property on Array.prototype.map", "return held(() => { [].map.x = 1; return 'escaped'; });" },
        // Proxies on host objects.
        { "Proxy over tools reaches no CLR", "const p = new Proxy(tools, {}); return held(() => { p.echo = 1; return 'escaped'; });" },
        { "Proxy getPrototypeOf trap on tools", "const p = new Proxy(tools, { getPrototypeOf: () => ({ x: 1 }) }); return held(() => Object.getPrototypeOf(p) && 'escaped');" },
        { "Proxy as a tool argument", "return held(() => { let n = 0; const p = new Proxy({}, { ownKeys() { n++; return ['a']; }, getOwnPropertyDescriptor() { return { value: 'x', enumerable: true, configurable: true }; } }); tools.echo(p); return 'held'; });" },
        // Caller chains, with, arguments.
        { "arguments.callee in strict mode", "return held(() => (function () { return arguments.callee; })() && 'escaped');" },
        { "function.caller", "return held(() => (function f() { return f.caller; })() && 'escaped');" },
        { "with statement", "return held(() => Function('with ({}) {}') && 'escaped');" },
        { "this in a plain function is undefined", "return (function () { return this; })() === undefined ? 'held' : 'escaped';" },
        { "globalThis has no CLR", "return ['System', 'importNamespace', 'clr', 'host', 'process', 'require'].some(n => n in globalThis) ? 'escaped' : 'held';" },
        { "new global bindings", "return held(() => { globalThis.leak = 1; return 'escaped'; });" },
        // Async machinery (vm2: host promises, unhandled rejections).
        { "async generator prototype pollution", "return held(() => { Object.getPrototypeOf(async function* () {}).prototype.next = null; return 'escaped'; });" },
        { "await a thenable that throws a host error", "try { await { then(r, j) { j(new Error('x')); } }; } catch (e) { return e instanceof Error ? 'held' : 'escaped'; }" },
        { "tool promise constructor is the intrinsic", "const p = tools.echo({}); const ok = p instanceof Promise && p.constructor === Promise; await p; return ok ? 'held' : 'escaped';" },
        { "tool result is plain data", "const r = await tools.echo({}); return Object.getPrototypeOf(r) === Object.prototype && !('GetType' in r) ? 'held' : 'escaped';" },
        // Getters and coercions on host conversions.
        { "toJSON getter during tool arguments", "return held(() => { tools.echo({ get a() { return { toJSON() { return 'x'; } }; } }); return 'held'; });" },
        { "Symbol.toPrimitive on a tool id", "return held(() => tools.spawn.cancel({ [Symbol.toPrimitive]() { return 1; } }) === false);" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_escape_fails_with_a_typed_outcome(string technique, string attack)
    {
        var (report, _, _) = Scripts.Drive(Prelude + attack);

        Assert.True(report.Status is ScriptRunStatus.Completed or ScriptRunStatus.Failed, technique);
        string outcome = report.Status == ScriptRunStatus.Completed ? Scripts.ResultText(report) : report.Error!.Code + ": " + report.Error.Message;
        Assert.NotEqual(ScriptErrorCode.Internal, report.Error?.Code);
        Assert.DoesNotContain("escaped", outcome, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"System\.|Jint\.|ScriptHarness\.", outcome);

        // Nothing the attack did is visible to the next run.
        ScriptRunReport after = Scripts.Drive("""
            return [typeof Object.prototype.polluted, typeof Object.prototype.toJSON, typeof globalThis.leak,
                    'x' in Math.random, [1, 2].map(x => x * 2).join(), typeof Error.prepareStackTrace,
                    Object.isFrozen(tools), Object.isFrozen(Object.prototype)].join('|');
            """).Report;
        Assert.Equal("\"undefined|undefined|undefined|false|2,4|undefined|true|true\"", Scripts.ResultText(after));
    }

    [Fact]
    public void The_corpus_has_at_least_forty_techniques() => Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");
}
