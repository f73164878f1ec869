using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.ScriptRuntime.Support;

namespace ScriptHarness.Tests.ScriptRuntime.Sandbox;

/// <summary>Intrinsics, tools and context cannot be polluted or tampered with.</summary>
public class FrozenIntrinsicsTests
{
    private const string Attempts = """
        const out = {};
        function attempt(name, f) { try { f(); out[name] = 'allowed'; } catch (e) { out[name] = e.name; } }
        """;

    [Fact]
    public async Task S01_setting_a_property_on_Object_prototype_fails()
    {
        ScriptRunReport report = await Scripts.RunAsync("Object.prototype.polluted = 1;\nreturn 'polluted';");

        Assert.Equal(ScriptRunStatus.Failed, report.Status);
        Assert.Contains("TypeError", report.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Error.Line);
    }

    [Fact]
    public async Task Prototypes_reachable_from_syntax_are_frozen()
    {
        ScriptRunReport report = await Scripts.RunAsync(Attempts + """
            attempt('array', () => { Array.prototype.map = () => 1; });
            attempt('arrayAdd', () => { [].__proto__.evil = 1; });
            attempt('string', () => { ''.constructor.prototype.trim = null; });
            attempt('function', () => { (function () {}).__proto__.call = null; });
            attempt('regexp', () => { /a/.constructor.prototype.test = null; });
            attempt('promise', () => { Promise.prototype.then = null; });
            attempt('error', () => { TypeError.prototype.message = 'x'; });
            attempt('iterator', () => { Object.getPrototypeOf([][Symbol.iterator]()).next = null; });
            attempt('iteratorProto', () => { Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())).x = 1; });
            attempt('generator', () => { Object.getPrototypeOf(function* () {}).prototype.next = null; });
            attempt('asyncFunction', () => { Object.getPrototypeOf(async function () {}).x = 1; });
            attempt('asyncGenerator', () => { Object.getPrototypeOf(async function* () {}).prototype.x = 1; });
            attempt('bigint', () => { (1n).constructor.prototype.x = 1; });
            attempt('symbol', () => { Symbol.prototype.x = 1; });
            attempt('setPrototype', () => { Object.setPrototypeOf(Array.prototype, null); });
            return out;
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.All(report.Result!.Value.EnumerateObject(), p => Assert.True(p.Value.GetString() == "TypeError", $"{p.Name}: {p.Value}"));
    }

    [Fact]
    public async Task Globals_frozen_lazily_are_frozen_on_first_use()
    {
        ScriptRunReport report = await Scripts.RunAsync(Attempts + """
            attempt('map', () => { Map.prototype.get = null; });
            attempt('mapIterator', () => { Object.getPrototypeOf(new Map().entries()).next = null; });
            attempt('setIterator', () => { Object.getPrototypeOf(new Set().values()).next = null; });
            attempt('iteratorHelper', () => { Object.getPrototypeOf([].values().map(x => x)).next = null; });
            attempt('wrapForValid', () => { Object.getPrototypeOf(Iterator.from({ next() { return { done: true }; } })).next = null; });
            attempt('date', () => { Date.now = () => 0; });
            attempt('math', () => { Math.random = () => 0.5; });
            attempt('json', () => { JSON.parse = null; });
            attempt('reflect', () => { Reflect.x = 1; });
            attempt('intl', () => { Intl.x = 1; });
            attempt('descriptor', () => { if (Object.getOwnPropertyDescriptor(globalThis, 'Map').writable) throw new Error('writable'); throw new TypeError('ok'); });
            return out;
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.All(report.Result!.Value.EnumerateObject(), p => Assert.True(p.Value.GetString() == "TypeError", $"{p.Name}: {p.Value}"));
    }

    [Fact]
    public async Task S02_reassigning_or_tampering_with_tools_throws_and_tools_keep_working()
    {
        ScriptRunReport report = await Scripts.RunAsync(Attempts + """
            attempt('assign', () => { tools.readFile = () => 'fake'; });
            attempt('delete', () => { delete tools.echo; });
            attempt('add', () => { tools.evil = () => 1; });
            attempt('define', () => { Object.defineProperty(tools, 'echo', { value: 1 }); });
            attempt('proto', () => { Object.setPrototypeOf(tools, {}); });
            attempt('fnProp', () => { tools.echo.hijack = 1; });
            attempt('spawn', () => { tools.spawn.echo = null; });
            attempt('spawnObject', () => { tools.spawn = {}; });
            const r = await tools.echo({ ok: true });
            out.works = r.args.ok ? 'TypeError' : 'broken';
            return out;
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.All(report.Result!.Value.EnumerateObject(), p => Assert.True(p.Value.GetString() == "TypeError", $"{p.Name}: {p.Value}"));
    }

    [Fact]
    public async Task S12_assigning_a_context_field_throws_at_any_depth()
    {
        var options = Scripts.Options(context: Scripts.Json("""{"turnId":"t1","sandbox":{"timeoutMs":30000},"tags":["a"]}"""));
        ScriptRunReport report = await Scripts.RunAsync(Attempts + """
            attempt('top', () => { context.turnId = 'forged'; });
            attempt('nested', () => { context.sandbox.timeoutMs = 1; });
            attempt('array', () => { context.tags.push('b'); });
            attempt('add', () => { context.extra = 1; });
            out.turnId = context.turnId === 't1' ? 'TypeError' : 'changed';
            return out;
            """, options);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.All(report.Result!.Value.EnumerateObject(), p => Assert.True(p.Value.GetString() == "TypeError", $"{p.Name}: {p.Value}"));
    }

    [Fact]
    public async Task S13_the_prototype_behind_context_is_frozen()
    {
        ScriptRunReport report = await Scripts.RunAsync(Attempts + """
            attempt('protoProp', () => { context.__proto__.x = 1; });
            attempt('setProto', () => { Object.setPrototypeOf(context, { x: 1 }); });
            attempt('assignProto', () => { context.__proto__ = {}; });
            return out;
            """);

        Assert.All(report.Result!.Value.EnumerateObject(), p => Assert.True(p.Value.GetString() == "TypeError", $"{p.Name}: {p.Value}"));
    }

    [Fact]
    public async Task S14_assigning_Promise_constructor_or_then_fails()
    {
        ScriptRunReport report = await Scripts.RunAsync(Attempts + """
            attempt('ctor', () => { Promise.constructor = 1; });
            attempt('protoCtor', () => { Promise.prototype.constructor = Object; });
            attempt('resolve', () => { Promise.resolve = () => 1; });
            return out;
            """);

        Assert.All(report.Result!.Value.EnumerateObject(), p => Assert.True(p.Value.GetString() == "TypeError", $"{p.Name}: {p.Value}"));
    }

    [Fact]
    public async Task S16_state_a_script_tries_to_leave_behind_is_invisible_to_the_next_run()
    {
        await Scripts.RunAsync("""
            try { Object.prototype.leak = 1; } catch {}
            try { Array.prototype.includes = () => true; } catch {}
            try { globalThis.leak = 1; } catch {}
            Symbol.for('leak');
            try { JSON.stringify = () => '"hacked"'; } catch {}
            return 1;
            """);

        ScriptRunReport second = await Scripts.RunAsync("""
            return [({}).leak === undefined, ![1].includes(2), typeof globalThis.leak === 'undefined', JSON.stringify({ a: 1 }) === '{"a":1}'];
            """);

        Assert.Equal("[true,true,true,true]", Scripts.ResultText(second));
    }

    [Fact]
    public async Task Every_constructor_prototype_and_namespace_a_script_can_reach_is_frozen()
    {
        // Walks from every global and from values only syntax creates, along prototype,
        // constructor and prototype-object edges and through the object and constructor members
        // of namespaces (Intl.DateTimeFormat, Temporal.Now, ...). Method function objects
        // (Math.max, Array.prototype.map) are not deep-frozen and not part of the walk.
        ScriptRunReport report = await Scripts.RunAsync("""
            const globals = Object.getOwnPropertyNames(globalThis).filter(n => n !== 'globalThis').map(n => globalThis[n]);
            const made = [function* () {}, async function () {}, async function* () {}, (function* () {})(), (async function* () {})(),
                       [][Symbol.iterator](), ''[Symbol.iterator](), /a/[Symbol.matchAll](''), [].values().map(x => x),
                       new Map().entries(), new Set().values(), Promise.resolve(), 1n, Symbol('s'), /x/, new Error('e'),
                       Iterator.from({ next() { return { done: true }; } }), new WeakMap(), new WeakSet(), new Date(0)];
            const roots = [...globals, ...made];
            // The script's own objects: what it made, and the per-function prototype objects of its generators.
            const own = new Set([...made, made[0].prototype, made[2].prototype, Object.getPrototypeOf(made[3]), Object.getPrototypeOf(made[4])]);
            const seen = new Set();
            const paths = new Map();
            Object.getOwnPropertyNames(globalThis).forEach(n => paths.set(globalThis[n], n));
            const open = [];
            const stack = roots.filter(r => r !== null && (typeof r === 'object' || typeof r === 'function'));
            const isNamespace = o => typeof o === 'object' && globals.includes(o);
            while (stack.length) {
              const o = stack.pop();
              if (seen.has(o)) continue;
              seen.add(o);
              if (!Object.isFrozen(o) && !own.has(o)) open.push(paths.get(o) ?? '?');
              const here = paths.get(o) ?? (made.includes(o) ? 'made#' + made.indexOf(o) : '?');
              const next = [[Object.getPrototypeOf(o), here + '.__proto__']];
              for (const key of ['constructor', 'prototype']) {
                const d = Object.getOwnPropertyDescriptor(o, key);
                if (d && 'value' in d) next.push([d.value, here + '.' + key]);
              }
              if (isNamespace(o)) for (const key of Object.getOwnPropertyNames(o)) {
                const d = Object.getOwnPropertyDescriptor(o, key);
                const member = d && 'value' in d ? d.value : null;
                if (member !== null && (typeof member === 'object' || (typeof member === 'function' && Object.hasOwn(member, 'prototype')))) next.push([member, here + '.' + key]);
              }
              for (const [n, p] of next) if (n !== null && (typeof n === 'object' || typeof n === 'function') && !paths.has(n)) paths.set(n, p);
              for (const [n] of next) if (n !== null && (typeof n === 'object' || typeof n === 'function') && !seen.has(n)) stack.push(n);
            }
            return { visited: seen.size, open };
            """);

        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.True(report.Result!.Value.GetProperty("open").GetArrayLength() == 0, report.Result.Value.GetProperty("open").GetRawText());
        Assert.True(report.Result.Value.GetProperty("visited").GetInt32() > 100);
    }
}
