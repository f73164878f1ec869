using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Sandbox;

/// <summary>
/// Function objects and Jint's built-in-shaped intrinsics (prototypes, namespaces) are frozen from
/// C# (flags cleared on their stored descriptors in one pass) instead of through <c>Object.freeze</c>. These tests attack what that shortcut must still
/// stop, and show it changes nothing outside the intrinsics (descriptors shared with the
/// script's own functions, or with a later run, would show up as non-configurable there).
/// </summary>
public class FrozenFunctionTests
{
    // Every object, method, accessor getter and setter of every family reachable from a global or from syntax.
    private const string CollectIntrinsicFunctions = """
        const roots = Object.getOwnPropertyNames(globalThis).filter(n => n !== 'globalThis').map(n => globalThis[n])
          .concat([Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async function () {}), Object.getPrototypeOf(async function* () {}),
                   Object.getPrototypeOf([][Symbol.iterator]()), Object.getPrototypeOf(''[Symbol.iterator]()), Object.getPrototypeOf(new Map().entries())]);
        const functions = new Set();
        const seen = new Set();
        const stack = roots.filter(r => r !== null && (typeof r === 'object' || typeof r === 'function'));
        while (stack.length) {
          const o = stack.pop();
          if (seen.has(o)) continue;
          seen.add(o);
          if (typeof o === 'function') functions.add(o);
          const proto = Object.getPrototypeOf(o);
          if (proto) stack.push(proto);
          for (const key of Reflect.ownKeys(o)) {
            const d = Object.getOwnPropertyDescriptor(o, key);
            for (const v of [d.value, d.get, d.set]) if (typeof v === 'function' || (key === 'prototype' || key === 'constructor') && v && typeof v === 'object') stack.push(v);
          }
        }
        """;

    [Fact]
    public async Task Every_intrinsic_object_and_function_is_frozen_with_each_own_property_locked()
    {
        ScriptRunReport report = await Scripts.RunAsync(CollectIntrinsicFunctions + """
            const open = [];
            for (const o of seen) {
              const name = typeof o === 'function' ? String(o.name) : Object.prototype.toString.call(o);
              if (!Object.isFrozen(o) || Object.isExtensible(o)) open.push(name);
              for (const key of Reflect.ownKeys(o)) {
                const d = Object.getOwnPropertyDescriptor(o, key);
                if (d.configurable || d.writable) open.push(name + '.' + String(key));
              }
            }
            return { count: functions.size, open };
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.True(report.Result!.Value.GetProperty("open").GetArrayLength() == 0, report.Result.Value.GetProperty("open").GetRawText());
        Assert.True(report.Result.Value.GetProperty("count").GetInt32() > 300);
    }

    [Fact]
    public async Task Tampering_with_an_intrinsic_function_fails_in_every_way()
    {
        ScriptRunReport report = await Scripts.RunAsync("""
            const out = {};
            function attempt(name, f) { try { f(); out[name] = 'allowed'; } catch (e) { out[name] = e.name; } }
            attempt('assign name', () => { Array.prototype.map.name = 'x'; });
            attempt('assign length', () => { JSON.parse.length = 9; });
            attempt('redefine length', () => { Object.defineProperty(Math.max, 'length', { value: 9 }); });
            attempt('make name writable', () => { Object.defineProperty(String.prototype.trim, 'name', { writable: true }); });
            attempt('delete name', () => { delete Object.keys.name; });
            attempt('delete length', () => { delete Promise.prototype.then.length; });
            attempt('add property', () => { Reflect.defineProperty(Function.prototype.call, 'x', { value: 1 }) || (() => { throw new TypeError('refused'); })(); });
            attempt('replace prototype', () => { Object.setPrototypeOf(Array.prototype.push, null); });
            attempt('constructor prototype', () => { Map.prototype = {}; });
            attempt('accessor getter', () => { Object.getOwnPropertyDescriptor(RegExp.prototype, 'flags').get.name = 'x'; });
            attempt('symbol method', () => { Array.prototype[Symbol.iterator].length = 3; });
            attempt('in a loop', () => { for (let i = 0; i < 50; i++) { Array.prototype.filter.name = 'x' + i; } });
            attempt('console method', () => { console.log.name = 'x'; });
            attempt('tool method', () => { tools.echo.length = 3; });
            attempt('prototype method', () => { Number.prototype.toFixed = null; });
            attempt('namespace member', () => { JSON.parse = null; });
            attempt('symbol-keyed member', () => { Object.defineProperty(Promise.prototype, Symbol.toStringTag, { value: 'x' }); });
            attempt('delete a prototype method', () => { delete RegExp.prototype.exec; });
            attempt('add to an iterator prototype', () => { Object.getPrototypeOf([].values()).extra = 1; });
            attempt('generator prototype', () => { Object.getPrototypeOf(function* () {}).prototype.next = null; });
            return out;
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.All(report.Result!.Value.EnumerateObject(), p => Assert.True(p.Value.GetString() == "TypeError", $"{p.Name}: {p.Value}"));
    }

    [Fact]
    public async Task The_scripts_own_functions_stay_ordinary_in_this_run_and_the_next()
    {
        const string Script = """
            function f(a, b) {}
            const arrow = (x) => x;
            class C { m() {} }
            Object.defineProperty(f, 'length', { value: 7 });
            f.extra = 1;
            arrow.tag = 'ok';
            delete C.prototype.m.name;
            const bound = Array.prototype.map.bind([]);
            Object.defineProperty(bound, 'name', { value: 'renamed' });
            return [f.length, f.extra, arrow.tag, Object.hasOwn(C.prototype.m, 'name'), bound.name, Object.isFrozen(f), Object.getOwnPropertyDescriptor(arrow, 'name').configurable];
            """;

        ScriptRunReport first = await Scripts.RunAsync(Script);
        ScriptRunReport second = await Scripts.RunAsync(Script);

        Assert.Equal("[7,1,\"ok\",false,\"renamed\",false,true]", Scripts.ResultText(first));
        Assert.Equal(Scripts.ResultText(first), Scripts.ResultText(second));
    }
}
