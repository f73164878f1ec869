using System.Buffers;
using System.Globalization;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.ScriptRuntime.Sandbox;

/// <summary>
/// One hardened Jint engine, used for one run only: no CLR access, no string compilation, strict
/// mode, no modules, intrinsics frozen, UTC and invariant culture, the host's clock and a seeded
/// <c>Math.random</c>, and an execution budget charged only while JavaScript runs.
/// </summary>
internal sealed class ScriptSandbox : IDisposable
{
    private readonly JsValue jsonParse;
    private readonly JsValue jsonStringify;
    private readonly JsValue promiseThen;
    private readonly JsonSerializer serializer;

    // Reused by every call's arguments: a call writes its JSON here, then parses it into its own element.
    private ArrayBufferWriter<byte> utf8 = new(256);
    private bool utf8InUse;

    private readonly HostClock clock;
    private readonly SeededRandom random;

    private ScriptSandbox(Engine engine, ExecutionBudget budget, HostClock clock, SeededRandom random)
    {
        this.Engine = engine;
        this.Budget = budget;
        this.clock = clock;
        this.random = random;
        this.Freezer = new IntrinsicFreezer(engine, (name, intrinsic) =>
        {
            if (name == "Math")
            {
                // Replaced before the lazy slot freezes Math: the one source of randomness.
                intrinsic.FastSetProperty("random", new PropertyDescriptor(
                    new ClrFunction(engine, "random", (_, _) => random.NextDouble(), 0, PropertyFlag.Configurable),
                    PropertyFlag.Writable | PropertyFlag.Configurable));
            }
        });
        ObjectInstance json = (ObjectInstance)engine.Global.Get("JSON");
        this.jsonParse = json.Get("parse");
        this.jsonStringify = json.Get("stringify");
        this.promiseThen = ((ObjectInstance)((ObjectInstance)engine.Global.Get("Promise")).Get("prototype")).Get("then");
        this.serializer = new JsonSerializer(engine);
    }

    public Engine Engine { get; }

    public ExecutionBudget Budget { get; }

    public IntrinsicFreezer Freezer { get; }

    /// <summary>Creates the engine and freezes the intrinsics a script can reach.</summary>
    public static ScriptSandbox Create(ScriptLimits limits, Func<DateTimeOffset> clock, ulong seed)
    {
        ExecutionBudget budget = new(limits);
        TimeSpan regexTimeout = TimeSpan.FromMilliseconds(limits.ExecutionTimeMs);
        HostClock hostClock = new(clock);
        Options options = new()
        {
            Strict = true,
            TimeZone = TimeZoneInfo.Utc,
            Culture = CultureInfo.InvariantCulture,
            TimeSystem = hostClock,
        };
        options.DisableStringCompilation();
        options.LimitRecursion(limits.MaxRecursionDepth);
        // Deep data walked by a built-in (join, JSON.stringify, flat, Proxy chains, coercions)
        // recurses on the CLR stack where the recursion limit cannot see it; a native stack
        // overflow would kill the process. The guard probes the remaining stack at every entry
        // and raises a catchable RangeError instead, on whatever thread drives the run.
        options.Constraints.StackOverflowGuard = true;
        options.RegexTimeoutInterval(regexTimeout);
        options.Constraint(budget);

        // Bounds one allocation before it happens; the budget only sees allocations afterwards.
        options.MaxArraySize((uint)Math.Min(uint.MaxValue, limits.MemoryBytes / 8));
        Engine engine = new(options);
        ScriptSandbox sandbox = new(engine, budget, hostClock, new SeededRandom(seed));
        sandbox.Freezer.FreezeReachable();
        return sandbox;
    }

    /// <summary>Binds a pre-hardened, never used sandbox to the run about to start.</summary>
    public void Bind(ScriptLimits limits, Func<DateTimeOffset> clock, ulong seed)
    {
        this.Budget.Configure(limits);
        this.clock.Now = clock;
        this.random.Reseed(seed);
    }

    /// <summary>Parses JSON text inside the engine: the script gets plain JS values, never host objects.</summary>
    public JsValue ParseJson(string json) => this.Engine.Call(this.jsonParse, JsValue.Undefined, [json]);

    /// <summary>JSON text of a value as <c>JSON.stringify</c> makes it; null when it yields undefined.</summary>
    public string? Stringify(JsValue value)
    {
        JsValue text = this.Engine.Call(this.jsonStringify, JsValue.Undefined, [value]);
        return text.IsString() ? text.AsString() : null;
    }

    /// <summary>
    /// Runs <paramref name="read"/> over the UTF-8 JSON of <paramref name="value"/> as
    /// <c>JSON.stringify</c> makes it (the same code path: <c>toJSON</c>, getters, key order,
    /// number and string forms), written straight to bytes with no string in between; the bytes
    /// are only valid inside <paramref name="read"/>. Returns false when the value has no JSON
    /// form (undefined, a function, a symbol). Script errors (a cycle, a BigInt) throw as
    /// <c>JSON.stringify</c> would.
    /// </summary>
    public bool TryWriteJson<TState, TResult>(JsValue value, TState state, Func<TState, ReadOnlySpan<byte>, TResult> read, out TResult result)
    {
        // A toJSON that calls a tool re-enters here while the outer value is being written: the
        // nested write gets its own buffer and serializer (a serializer is not re-entrant).
        bool owned = !this.utf8InUse;
        ArrayBufferWriter<byte> buffer = owned ? this.utf8 : new ArrayBufferWriter<byte>(256);
        JsonSerializer serializer = owned ? this.serializer : new JsonSerializer(this.Engine);
        this.utf8InUse = true;
        try
        {
            buffer.ResetWrittenCount();
            if (!serializer.Serialize(value, buffer))
            {
                result = default!;
                return false;
            }

            result = read(state, buffer.WrittenSpan);
            return true;
        }
        finally
        {
            if (owned)
            {
                this.utf8InUse = false;
                if (buffer.Capacity > 64 * 1024)
                {
                    // One large value must not pin its buffer for the rest of the run.
                    this.utf8 = new ArrayBufferWriter<byte>(256);
                }
            }
        }
    }

    /// <summary>Attaches host callbacks to a promise with the intrinsic <c>then</c> captured before user code ran.</summary>
    public void Then(JsValue promise, Func<JsValue, JsValue[], JsValue> onFulfilled, Func<JsValue, JsValue[], JsValue> onRejected) =>
        this.Engine.Call(this.promiseThen, promise, [
            new ClrFunction(this.Engine, "onFulfilled", onFulfilled),
            new ClrFunction(this.Engine, "onRejected", onRejected),
        ]);

    /// <summary>Installs a global binding; call before <see cref="IntrinsicFreezer.SealGlobal"/>.</summary>
    public void SetGlobal(string name, JsValue value) =>
        this.Engine.Global.FastSetProperty(name, new PropertyDescriptor(value, PropertyFlag.AllForbidden));

    public void Dispose() => this.Engine.Dispose();
}
