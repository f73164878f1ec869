using System.Text;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Facade;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Sandbox;
using ScriptHarness.ScriptRuntime.Scripts;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>
/// One script run as a step machine. <see cref="Start"/> runs the script until it blocks on tool
/// calls; <see cref="Settle"/> settles one call's promise and runs the script until it blocks
/// again; <see cref="Cancel"/> ends it gracefully. Each returns a <see cref="ScriptStep"/>: the
/// calls to start, the calls to cancel, and the report once every dispatched call has settled.
/// Synchronous and single-threaded by design (no tasks, timers or locks inside): an orchestrator
/// drives it on its own thread, a driver drives it with real tasks.
/// </summary>
public sealed partial class ScriptRun : IToolCallSink
{
    private readonly ScriptRunOptions options;
    private readonly ScriptLimits limits;
    private readonly List<ScriptCall> calls = [];
    private readonly Queue<ScriptCall> queue = new();
    private readonly List<ToolCallRequest> stepDispatched = [];
    private readonly List<int> stepCancel = [];
    private ScriptSandbox? sandbox;
    private ConsoleCapture? console;
    private int inFlight;
    private bool scriptCancelled;
    private JsonElement? result;
    private ScriptError? scriptError;
    private ScriptRunReport? report;

    private ScriptRun(ScriptRunOptions options)
    {
        this.options = options;
        this.limits = options.Limits.Clone();
    }

    /// <summary>Whether the script itself has settled (returned, thrown, hit a limit or been cancelled).</summary>
    public bool ScriptSettled { get; private set; }

    /// <summary>Whether the run is over (its report is available).</summary>
    public bool IsFinished => this.report is not null;

    /// <summary>The report, once the run is finished.</summary>
    public ScriptRunReport? Report => this.report;

    /// <summary>Sequence numbers of dispatched calls that have not been settled yet.</summary>
    public IReadOnlyList<int> PendingCalls =>
        this.calls.Where(c => c.Phase == CallPhase.Dispatched).Select(c => c.Request.CallId).ToArray();

    /// <summary>
    /// Starts a run: hardens a fresh engine, installs <c>tools</c>, <c>context</c> and
    /// <c>console</c>, and runs the script (wrapped by <see cref="ScriptWrapper"/>) until it blocks.
    /// Script problems (size, syntax, limits, exceptions) come back as a finished step with a
    /// failed report; only invalid options throw (<see cref="ArgumentException"/>).
    /// </summary>
    public static ScriptStep Start(string script, ScriptRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);
        ScriptRun run = new(options);
        run.Begin(script);
        return run.EndStep();
    }

    /// <summary>
    /// Settles dispatched call <paramref name="callId"/> with <paramref name="outcome"/> and runs the
    /// script until it blocks again. Calls the host was asked to cancel must be settled too (any
    /// outcome; they are reported as cancelled). A successful outcome whose result is larger than
    /// <see cref="ScriptLimits.MaxToolResultBytes"/> (its raw UTF-8 JSON) is settled as a failure
    /// instead: the script's promise rejects with <c>limit-exceeded</c> (<see cref="ScriptLimit.ToolResultSize"/>)
    /// and the result never reaches the script or the report.
    /// </summary>
    /// <exception cref="ScriptException">The call is not in flight, or the run is finished (an internal error of the host).</exception>
    public ScriptStep Settle(int callId, ToolOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (this.report is not null)
        {
            throw new ScriptException(ScriptError.Create(ScriptErrorCode.Internal, $"Cannot settle call {callId}: the run is finished."));
        }

        if (callId < 1 || callId > this.calls.Count || this.calls[callId - 1].Phase != CallPhase.Dispatched)
        {
            throw new ScriptException(ScriptError.Create(ScriptErrorCode.Internal, $"Cannot settle call {callId}: it is not in flight."));
        }

        ScriptCall call = this.calls[callId - 1];
        outcome = ToolResultLimit.Apply(outcome, call.Request, this.limits.MaxToolResultBytes, this.limits.MaxNestingDepth);
        call.Phase = CallPhase.Settled;
        call.DurationMs = outcome.DurationMs;
        call.Reused = outcome.Reused;
        call.Attempts = outcome.Attempts;
        this.inFlight--;
        if (call.CancelReason is { } reason)
        {
            call.Status = ToolCallStatus.Cancelled;
            call.Error = outcome.Error is { Code: ScriptErrorCode.Cancelled } cancelled ? cancelled with { Message = reason } : ScriptError.Create(ScriptErrorCode.Cancelled, reason);
        }
        else
        {
            call.Status = outcome.Error is { } error ? ScriptFailures.StatusOf(error) : ToolCallStatus.Ok;
            call.Error = outcome.Error;
        }

        if (!this.ScriptSettled && !call.PromiseSettled)
        {
            call.PromiseSettled = true;

            // Building the result's script value is host work, not the script's: it is done
            // before the budget is armed (only unusually deep results fall back to JSON.parse inside).
            JsValue? settledWith = outcome.Error is { } failure
                ? ScriptErrorObjects.Create(this.Engine, failure, call.Request.Tool, callId)
                : JsonBridge.ToJsValue(this.Engine, outcome.Result!.Value);
            this.RunJavaScript(() =>
            {
                if (outcome.Error is not null)
                {
                    call.Reject(settledWith!);
                }
                else
                {
                    call.Resolve(settledWith ?? this.Sandbox.ParseJson(outcome.Result!.Value.GetRawText()));
                }

                this.Engine.Advanced.ProcessTasks();
            });
        }

        return this.EndStep();
    }

    /// <summary>
    /// Ends the run gracefully: no more JavaScript runs, queued calls are reported as not reached,
    /// and every dispatched call is listed for cancellation. The run finishes once those settle.
    /// If the script had already returned, its result stands and only its spawned calls are cancelled.
    /// </summary>
    public ScriptStep Cancel(ScriptError reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (this.report is not null)
        {
            return this.EndStep();
        }

        if (!this.ScriptSettled)
        {
            this.scriptCancelled = true;
            this.SettleScript(null, reason);
        }

        this.CancelOutstanding(includeSpawned: true, "Cancelled: the run was cancelled (" + reason.Message + ").");
        return this.EndStep();
    }

    /// <summary>
    /// Hardens up to <paramref name="count"/> engines ahead of time for runs with <paramref name="limits"/>
    /// (at most 16 kept), so those runs start without paying for the hardening. Call it where
    /// latency does not matter (worker start, after a run). Each engine still serves one run only.
    /// Thread-safe. Returns how many engines were built.
    /// </summary>
    public static int Prewarm(ScriptLimits limits, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.ThrowIfInvalid();
        return SandboxPool.Prewarm(limits, count);
    }

    /// <summary>How many hardened engines are ready for runs with <paramref name="limits"/> (see <see cref="Prewarm"/>).</summary>
    public static int ReadyCount(ScriptLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return SandboxPool.ReadyCount(limits);
    }

    private ScriptSandbox Sandbox => this.sandbox ?? throw new InvalidOperationException("The sandbox is not created.");

    private Engine Engine => this.Sandbox.Engine;

    private void Begin(string script)
    {
        int size = Encoding.UTF8.GetByteCount(script);
        if (size > this.limits.MaxScriptBytes)
        {
            this.SettleScript(null, SizeLimitErrors.ScriptSize(size, this.limits.MaxScriptBytes));
            return;
        }

        Prepared<Acornima.Ast.Script> prepared;
        try
        {
            prepared = PreparedScripts.Get(script, this.limits.ExecutionTimeMs);
        }
        catch (ScriptPreparationException exception)
        {
            this.SettleScript(null, SyntaxError(exception));
            return;
        }

        try
        {
            this.sandbox = SandboxPool.Rent(this.limits, this.options.Clock, this.options.RandomSeed);
            this.console = new ConsoleCapture(this.limits.MaxConsoleBytes, this.limits.MaxConsoleEntries, this.limits.MaxNestingDepth, this.sandbox.Stringify);
            this.InstallGlobals();
        }
#pragma warning disable CA1031 // A failure to build the sandbox is reported as the run's internal error, never thrown at the host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            this.SettleScript(null, ScriptError.Create(ScriptErrorCode.Internal, $"The sandbox could not be created ({exception.GetType().Name}): {exception.Message}"));
            return;
        }

        this.RunJavaScript(() =>
        {
            JsValue function = this.Engine.Evaluate(prepared);
            JsValue promise = this.Engine.Call(function, JsValue.Undefined, []);
            this.sandbox.Then(promise, this.OnScriptFulfilled, this.OnScriptRejected);
            this.Engine.Advanced.ProcessTasks();
        });
    }

    private void InstallGlobals()
    {
        ScriptSandbox box = this.Sandbox;
        JsValue context = box.ParseJson(this.options.Context is { } json ? json.GetRawText() : "{}");
        if (this.options.Progress is { } progress && context is ObjectInstance contextObject)
        {
            contextObject.FastSetProperty("emitProgress", new PropertyDescriptor(
                new ClrFunction(this.Engine, "emitProgress", (_, args) => EmitProgress(box, progress, args), 1, PropertyFlag.Configurable),
                PropertyFlag.Enumerable));
        }

        box.Freezer.DeepFreeze(context);
        box.SetGlobal("context", context);
        ObjectInstance consoleObject = this.console!.CreateConsoleObject(this.Engine);
        box.Freezer.DeepFreeze(consoleObject);
        box.SetGlobal("console", consoleObject);
        box.SetGlobal("tools", ToolFacade.Create(box, this.options.Tools, this));
        box.Freezer.SealGlobal();
    }

    private static JsValue EmitProgress(ScriptSandbox box, Action<string> progress, JsValue[] args)
    {
        JsValue message = args.Length > 0 ? args[0] : JsValue.Undefined;
        progress(JsonShape.ReplaceLoneSurrogates(message.IsString() ? message.AsString() : box.Stringify(message) ?? message.ToString()));
        return JsValue.Undefined;
    }

    /// <summary>Runs JavaScript with the budget armed; anything that escapes ends the script.</summary>
    private void RunJavaScript(Action body)
    {
        if (this.ScriptSettled)
        {
            return;
        }

        ExecutionBudget budget = this.Sandbox.Budget;
        Exception? escaped = null;
        budget.Arm();
        try
        {
            body();
            budget.ThrowIfTimeOrMemoryExceeded();
        }
#pragma warning disable CA1031 // Whatever the interpreter throws ends this run with a typed error, never the host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // Mapped after the catch: .NET runs a catch block on top of the frames it unwinds,
            // and mapping reads the thrown value through the engine, which needs stack.
            escaped = exception;
        }
        finally
        {
            budget.Disarm();
        }

        if (escaped is not null && !this.ScriptSettled)
        {
            this.SettleScript(null, ScriptFailures.FromException(escaped, this.limits));
        }
    }

    private static ScriptError SyntaxError(ScriptPreparationException exception)
    {
        if (exception.InnerException is Acornima.ParseErrorException parse)
        {
            return ScriptError.Create(ScriptErrorCode.Syntax, $"Syntax error: {parse.Description}") with
            {
                Line = ScriptWrapper.ToScriptLine(parse.LineNumber),
                Column = parse.Column + 1,
            };
        }

        return ScriptError.Create(ScriptErrorCode.Syntax, $"Syntax error: {exception.Message}");
    }

    private static void ValidateOptions(ScriptRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options.Limits);
        ArgumentNullException.ThrowIfNull(options.Tools);
        ArgumentNullException.ThrowIfNull(options.Clock);
        options.Limits.ThrowIfInvalid();
        HashSet<string> names = new(StringComparer.Ordinal);
        foreach (Tools.ToolDescriptor tool in options.Tools)
        {
            if (tool is null || !IsUsable(tool))
            {
                throw new ArgumentException($"Tool name '{tool?.Name}' is not usable: it must be a JavaScript identifier other than 'spawn', '$describe' and '$search', or have a script path of identifiers (not starting with 'spawn') ending in a non-empty member name.", nameof(options));
            }

            if (!names.Add(tool.Name))
            {
                throw new ArgumentException($"Tool '{tool.Name}' is registered twice.", nameof(options));
            }
        }
    }

    private static bool IsUsable(Tools.ToolDescriptor tool) => tool.ScriptPath is { Count: > 0 } path
        ? path.Count >= 2 && path.SkipLast(1).All(IsIdentifier) && path[0] != ToolFacade.SpawnName && !string.IsNullOrEmpty(path[^1])
        : IsIdentifier(tool.Name) && tool.Name != ToolFacade.SpawnName && !Tools.ToolCatalogue.IsReserved(tool.Name);

    private static bool IsIdentifier(string? name) =>
        !string.IsNullOrEmpty(name) && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
}
