using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Native.Promise;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Facade;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>The calls the script makes through the facade: checks, numbering, queueing.</summary>
public sealed partial class ScriptRun
{
    /// <summary>
    /// A call from the script. In order: arguments to JSON and schema validation (a synchronous
    /// throw: the call never leaves the sandbox and gets no number), the call budget (a rejected
    /// promise), numbering and call site, the policy hook, then the in-flight queue.
    /// </summary>
    JsValue IToolCallSink.Call(ToolDescriptor tool, JsValue args, bool spawned)
    {
        JsonElement arguments = this.ArgumentsToJson(tool, spawned, args);
        IReadOnlyList<string> problems = ArgumentValidator.Validate(tool, arguments);
        if (problems.Count > 0)
        {
            throw ScriptErrorObjects.Throwable(
                this.Engine,
                ScriptError.Create(ScriptErrorCode.ToolValidation, $"Invalid arguments for {Label(tool, spawned)}: {string.Join(" ", problems)}"),
                tool.Name);
        }

        ManualPromise promise = this.Engine.Advanced.RegisterPromise();
        if (this.ScriptSettled)
        {
            // A leftover job of a script that already returned; nothing may start any more.
            promise.Reject(ScriptErrorObjects.Create(this.Engine, ScriptError.Create(ScriptErrorCode.Cancelled, $"{Label(tool, spawned)} was called after the script finished."), tool.Name));
            return spawned ? this.Handle(0, promise.Promise) : promise.Promise;
        }

        if (this.calls.Count >= this.limits.MaxToolCalls)
        {
            promise.Reject(ScriptErrorObjects.Create(
                this.Engine,
                ScriptError.LimitExceeded(ScriptLimit.ToolCalls, $"{Label(tool, spawned)} was not called: the script already made {this.limits.MaxToolCalls} tool calls, the most one run may make. Do the rest in a later script."),
                tool.Name));
            return spawned ? this.Handle(0, promise.Promise) : promise.Promise;
        }

        (int line, int column) = CallSite.Parse(this.Engine.Advanced.StackTrace);
        ToolCallRequest request = new(this.calls.Count + 1, tool.Name, arguments, line, column, spawned);
        ScriptCall call = new(request, promise.Resolve, promise.Reject);
        this.calls.Add(call);

        if (this.options.Gate?.Invoke(request) is { Denial: { } denial })
        {
            call.Phase = CallPhase.Settled;
            call.Status = ScriptFailures.StatusOf(denial);
            call.Error = denial;
            call.PromiseSettled = true;
            call.Reject(ScriptErrorObjects.Create(this.Engine, denial, tool.Name, request.CallId));
        }
        else
        {
            this.queue.Enqueue(call);
        }

        return spawned ? this.Handle(request.CallId, promise.Promise) : promise.Promise;
    }

    /// <summary><c>tools.spawn.cancel(id)</c>: the spawned call's promise rejects now; the host is asked to stop it.</summary>
    bool IToolCallSink.CancelSpawned(JsValue id)
    {
        double number = id.IsNumber() ? id.AsNumber() : 0;
        if (number < 1 || number != Math.Floor(number) || number > this.calls.Count)
        {
            return false;
        }

        ScriptCall call = this.calls[(int)number - 1];
        if (!call.Request.Spawned || call.Phase == CallPhase.Settled || call.CancelReason is not null)
        {
            return false;
        }

        const string Reason = "Cancelled by the script (tools.spawn.cancel).";
        if (call.Phase == CallPhase.Queued)
        {
            call.Phase = CallPhase.Settled;
            call.Status = ToolCallStatus.Cancelled;
            call.Error = ScriptError.Create(ScriptErrorCode.Cancelled, Reason);
        }
        else
        {
            call.CancelReason = Reason;
            this.stepCancel.Add(call.Request.CallId);
        }

        call.PromiseSettled = true;
        call.Reject(ScriptErrorObjects.Create(this.Engine, ScriptError.Create(ScriptErrorCode.Cancelled, Reason), call.Request.Tool, call.Request.CallId));
        return true;
    }

    // How messages name the function the script called; built only for a message, not per call.
    private static string Label(ToolDescriptor tool, bool spawned) => (spawned ? "tools.spawn." : "tools.") + tool.Name;

    private JsonElement ArgumentsToJson(ToolDescriptor tool, bool spawned, JsValue args)
    {
        if (args.IsUndefined())
        {
            return EmptyObject;
        }

        // The error is built after the catch: .NET runs a catch block on top of the frames it
        // unwinds, so right after the stack guard fired there is no stack to build it on.
        bool written = false;
        (JsonShapeProblem Problem, JsonElement Value) json = default;
        ScriptError? failure = null;
        JsValue? thrown = null;
        try
        {
            // Checked before the schema validator (which recurses per level) or the host reads
            // them, straight from the UTF-8 the engine wrote: no string, no second encoding.
            written = this.Sandbox.TryWriteJson(args, this.limits.MaxNestingDepth, CheckAndParse, out json);
        }
        catch (JavaScriptException exception) when (BoundaryErrors.IsStackExhausted(exception))
        {
            failure = BoundaryErrors.TooDeep($"The arguments of {Label(tool, spawned)}", this.limits.MaxNestingDepth);
        }
        catch (JavaScriptException exception)
        {
            thrown = exception.Error;
        }

        if (thrown is not null)
        {
            failure = ScriptError.Create(ScriptErrorCode.ToolValidation, $"Arguments of {Label(tool, spawned)} are not JSON ({thrown}). Pass plain data.");
        }

        if (failure is not null)
        {
            throw ScriptErrorObjects.Throwable(this.Engine, failure);
        }

        if (!written)
        {
            throw ScriptErrorObjects.Throwable(
                this.Engine,
                ScriptError.Create(ScriptErrorCode.ToolValidation, $"Arguments of {Label(tool, spawned)} must be plain data, not a function or symbol."));
        }

        if (BoundaryErrors.For(json.Problem, $"The arguments of {Label(tool, spawned)}", this.limits.MaxNestingDepth, ScriptErrorCode.ToolValidation) is { } shapeError)
        {
            throw ScriptErrorObjects.Throwable(this.Engine, shapeError);
        }

        return json.Value;
    }

    private static (JsonShapeProblem Problem, JsonElement Value) CheckAndParse(int maxDepth, ReadOnlySpan<byte> utf8)
    {
        JsonShapeProblem problem = JsonShape.Check(utf8, maxDepth);
        return problem == JsonShapeProblem.None ? (problem, JsonShape.Parse(utf8)) : (problem, default);
    }

    private ObjectInstance Handle(int id, JsValue done)
    {
        JsObject handle = new(this.Engine);
        handle.FastSetProperty("id", new PropertyDescriptor(id, PropertyFlag.Enumerable));
        handle.FastSetProperty("done", new PropertyDescriptor(done, PropertyFlag.Enumerable));
        handle.PreventExtensions();
        return handle;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
