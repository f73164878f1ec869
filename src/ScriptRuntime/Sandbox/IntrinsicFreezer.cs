using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;

namespace ScriptHarness.ScriptRuntime.Sandbox;

/// <summary>
/// Freezes the intrinsics a script can reach, from C#, paying only for what a script can reach
/// without naming a global. Jint creates most intrinsics lazily on first access, and creating
/// them is what makes a full freeze expensive (~3 ms for a deep walk, ~0.5 ms for a JS prelude).
/// So: the intrinsics reachable from literals and syntax (objects, arrays, functions, strings,
/// regexes, promises, errors, iterators, generators) are frozen eagerly; every other global
/// (Map, Date, Math, Reflect, typed arrays, Intl, …) is replaced by a non-writable,
/// non-configurable lazy slot that freezes the intrinsic the first time the script touches it.
/// </summary>
internal sealed class IntrinsicFreezer
{
    // Reachable without naming a global: from literals, syntax, thrown errors and host values.
    private static readonly string[] EagerGlobals =
    [
        "Object", "Function", "Array", "String", "Number", "Boolean", "Symbol", "BigInt", "RegExp",
        "Promise", "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError",
        "URIError", "AggregateError", "SuppressedError", "JSON",
    ];

    private static readonly HashSet<string> EagerSet = new(EagerGlobals, StringComparer.Ordinal);

    // How an object stores and defines its own properties; a type overriding any of them is frozen with Object.freeze.
    private static readonly string[] StorageMembers =
        ["GetOwnProperty", "GetOwnProperties", "GetOwnPropertyKeys", "DefineOwnProperty", "SetOwnProperty", "PreventExtensions", "RemoveOwnProperty"];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> InPlaceTypes = new();

    // Globals a script must not have: string compilation, shared memory, GC observation, realms,
    // and raw binary buffers (one `new ArrayBuffer(2 ** 31)` allocates before any limit can see it;
    // scripts exchange JSON with tools and have no use for them).
    private static readonly string[] RemovedGlobals =
    [
        "eval", "WeakRef", "FinalizationRegistry", "SharedArrayBuffer", "Atomics", "ShadowRealm",
        "ArrayBuffer", "DataView", "TypedArray", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
        "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array",
        "BigInt64Array", "BigUint64Array",
    ];

    // Intrinsics only reachable through syntax: generator and async function prototypes and the
    // iterator prototypes. Parsed once per process; evaluating it costs a few microseconds.
    private static readonly Prepared<Acornima.Ast.Script> SyntaxProbe = Engine.PrepareScript(
        "[function*(){}, async function(){}, async function*(){}, [][Symbol.iterator](), ''[Symbol.iterator](), /a/[Symbol.matchAll](''), [].values().map(x => x)]",
        "sandbox-probe");

    // Iterator.from wraps a plain iterator in a prototype of its own.
    private static readonly Prepared<Acornima.Ast.Script> IteratorProbe = Engine.PrepareScript("({ next() { return { done: true }; } })", "sandbox-probe");

    private readonly Engine engine;
    private readonly JsValue freeze;
    // Reused by every walk: a walk allocates nothing but what the freeze itself needs.
    private readonly Stack<ObjectInstance> pending = new(32);
    private readonly Action<string, ObjectInstance>? onMaterialized;

    public IntrinsicFreezer(Engine engine, Action<string, ObjectInstance>? onMaterialized)
    {
        this.engine = engine;
        this.onMaterialized = onMaterialized;
        this.freeze = engine.Intrinsics.Object.Get("freeze");
    }

    /// <summary>Freezes the syntax-reachable intrinsics and removes the forbidden globals.</summary>
    public void FreezeReachable()
    {
        ObjectInstance global = this.engine.Global;
        foreach (string name in RemovedGlobals)
        {
            global.RemoveOwnProperty(name);
        }

        foreach (string name in EagerGlobals)
        {
            this.FreezeFamily(global.Get(name));
        }

        if (this.engine.Evaluate(SyntaxProbe) is JsArray probes)
        {
            foreach (JsValue probe in probes)
            {
                this.FreezeFamily(probe);
            }
        }
    }

    /// <summary>
    /// Makes every global binding non-writable and non-configurable and the global object
    /// non-extensible. Globals not frozen yet become lazy slots that freeze on first access.
    /// Call after the host installed its own globals (tools, context, console).
    /// </summary>
    public void SealGlobal()
    {
        ObjectInstance global = this.engine.Global;
        foreach (JsValue key in global.GetOwnPropertyKeys(Jint.Runtime.Types.String | Jint.Runtime.Types.Symbol))
        {
            PropertyDescriptor current = global.GetOwnProperty(key);
            if (current == PropertyDescriptor.Undefined || current.IsAccessorDescriptor())
            {
                continue;
            }

            string name = key.ToString();
            bool lazy = name.Length > 0 && char.IsAsciiLetterUpper(name[0]) && !EagerSet.Contains(name);
            PropertyDescriptor sealedSlot = lazy
                ? PropertyDescriptor.CreateLazy(
                    (Freezer: this, Original: current, Name: name),
                    static s => s.Freezer.Materialize(s.Name, s.Original),
                    PropertyFlag.AllForbidden)
                : new PropertyDescriptor(this.FreezeHostValue(current.Value), PropertyFlag.AllForbidden);
            global.FastSetProperty(key, sealedSlot);
        }

        global.PreventExtensions();
    }

    /// <summary>
    /// Freezes one object (shallow) once. Every object this class visits is extensible until it
    /// freezes it, so "not extensible" doubles as "already visited" (no identity set to keep).
    /// </summary>
    public void Freeze(ObjectInstance target)
    {
        if (!target.Extensible)
        {
            return;
        }

        if (FreezesInPlace(target))
        {
            FreezeInPlace(target, pending: null);
        }
        else
        {
            this.engine.Call(this.freeze, JsValue.Undefined, [target]);
        }
    }

    /// <summary>
    /// Freezes an object from C#, the way Jint's own <c>Object.freeze</c> does it (its
    /// ValidateAndApplyPropertyDescriptor clears the flags on the stored descriptor in place), in
    /// one pass over the own properties that also queues the objects a family walk follows. About
    /// 350 objects are frozen per engine, 300 of them method functions; going through the
    /// JavaScript call, the key list and one DefineOwnProperty per key cost more than the rest of
    /// their freeze. Only objects whose enumeration yields the descriptors they store take this
    /// path (<see cref="FreezesInPlace"/>); the others keep <c>Object.freeze</c>.
    /// </summary>
    private static void FreezeInPlace(ObjectInstance target, Stack<ObjectInstance>? pending)
    {
        target.PreventExtensions();
        foreach (KeyValuePair<JsValue, PropertyDescriptor> property in target.GetOwnProperties())
        {
            PropertyDescriptor descriptor = property.Value;
            bool accessor = descriptor.IsAccessorDescriptor();
            if (descriptor.Configurable || (!accessor && descriptor.Writable))
            {
                descriptor.Configurable = false;
                if (!accessor)
                {
                    descriptor.Writable = false;
                }
            }

            if (pending is not null)
            {
                QueueMember(property.Key, descriptor, accessor, pending);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="target"/> can be frozen in place: a <see cref="Function"/> (its
    /// own descriptors are fields materialized and kept by the enumeration), or one of Jint's
    /// built-in-shaped intrinsics (prototypes, namespaces: their slots hold the materialized
    /// descriptors) whose type keeps the base storage. Not hidden-class objects (their enumeration
    /// builds descriptors from the shape) nor exotic ones (Array.prototype, String.prototype,
    /// Object.prototype override how properties are stored or defined): those keep <c>Object.freeze</c>.
    /// Decided once per type, by reflection over the type, never per object.
    /// </summary>
    private static bool FreezesInPlace(ObjectInstance target) =>
        target is Function || InPlaceTypes.GetOrAdd(target.GetType(), static type => IsBuiltinShapedWithBaseStorage(type));

    private static bool IsBuiltinShapedWithBaseStorage(Type type) =>
        type.GetInterfaces().Any(static i => i.FullName == "Jint.Native.Object.IBuiltinShaped")
        && StorageMembers.All(name => type
            .GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .Where(method => method.Name == name)
            .All(method => method.DeclaringType == typeof(ObjectInstance) || !typeof(ObjectInstance).IsAssignableFrom(method.DeclaringType)));

    // What a family walk follows from one own property: the constructor and prototype objects,
    // and every function (methods, accessor getters and setters).
    private static void QueueMember(JsValue key, PropertyDescriptor descriptor, bool accessor, Stack<ObjectInstance> pending)
    {
        if (accessor)
        {
            PushIfFunction(descriptor.Get, pending);
            PushIfFunction(descriptor.Set, pending);
        }
        else if (descriptor.Value is ObjectInstance { Extensible: true } value
            && (value.IsCallable() || (key is JsString name && name.ToString() is "constructor" or "prototype")))
        {
            pending.Push(value);
        }
    }

    /// <summary>Freezes an object graph of plain data (context, host values), guarding cycles.</summary>
    public void DeepFreeze(JsValue value)
    {
        if (value is not ObjectInstance root || !root.Extensible)
        {
            return;
        }

        // A lazy slot can fire while another walk is running; that walk keeps the shared stack.
        Stack<ObjectInstance> work = this.pending.Count == 0 ? this.pending : new Stack<ObjectInstance>(8);
        this.Freeze(root);
        work.Push(root);
        while (work.Count > 0)
        {
            ObjectInstance current = work.Pop();
            foreach (KeyValuePair<JsValue, PropertyDescriptor> property in current.GetOwnProperties())
            {
                if (property.Value.IsDataDescriptor() && property.Value.Value is ObjectInstance child && child.Extensible)
                {
                    this.Freeze(child);
                    work.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// Freezes an intrinsic and what hangs off it: its prototype chain, its constructor and its
    /// <c>prototype</c> object (so a constructor's prototype and a prototype's constructor go together).
    /// </summary>
    private void FreezeFamily(JsValue start)
    {
        if (start is not ObjectInstance first || !first.Extensible)
        {
            return;
        }

        // A lazy slot can fire while another walk is running; that walk keeps the shared stack.
        Stack<ObjectInstance> work = this.pending.Count == 0 ? this.pending : new Stack<ObjectInstance>(8);
        work.Push(first);
        while (work.Count > 0)
        {
            ObjectInstance current = work.Pop();
            if (!current.Extensible)
            {
                continue;
            }

            if (current.Prototype is { Extensible: true } parent)
            {
                work.Push(parent);
            }

            if (FreezesInPlace(current))
            {
                // Frozen and its members queued in one pass over its own properties.
                FreezeInPlace(current, work);
                continue;
            }

            this.engine.Call(this.freeze, JsValue.Undefined, [current]);
            foreach (KeyValuePair<JsValue, PropertyDescriptor> property in current.GetOwnProperties())
            {
                QueueMember(property.Key, property.Value, property.Value.IsAccessorDescriptor(), work);
            }
        }
    }

    private static void PushIfFunction(JsValue? value, Stack<ObjectInstance> pending)
    {
        if (value is ObjectInstance { Extensible: true } function && function.IsCallable())
        {
            pending.Push(function);
        }
    }

    private JsValue Materialize(string name, PropertyDescriptor original)
    {
        JsValue value = original.Value;
        if (value is ObjectInstance intrinsic)
        {
            this.onMaterialized?.Invoke(name, intrinsic);
            this.FreezeFamily(intrinsic);
            if (name is "Map" or "Set")
            {
                // Their iterator prototypes hang off no global: reach one through an instance.
                ObjectInstance instance = this.engine.Construct(intrinsic, []);
                this.FreezeFamily(this.engine.Call(instance.Get("entries"), instance, []));
            }
            else if (name is "Intl" or "Temporal")
            {
                // Namespaces of constructors: freeze each member's family too (Intl.DateTimeFormat.prototype, Temporal.Now, …).
                foreach (KeyValuePair<JsValue, PropertyDescriptor> member in intrinsic.GetOwnProperties())
                {
                    if (member.Value.IsDataDescriptor() && member.Value.Value is ObjectInstance memberValue)
                    {
                        this.FreezeFamily(memberValue);
                    }
                }
            }
            else if (name is "Iterator")
            {
                this.FreezeFamily(this.engine.Call(intrinsic.Get("from"), intrinsic, [this.engine.Evaluate(IteratorProbe)]));
            }
        }

        return value;
    }

    private JsValue FreezeHostValue(JsValue value)
    {
        if (value is ObjectInstance target && !ReferenceEquals(target, this.engine.Global))
        {
            this.FreezeFamily(target);
        }

        return value;
    }

}
