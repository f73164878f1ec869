using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Runtime;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>How the script settles, what it leaves behind, and the report.</summary>
public sealed partial class ScriptRun
{
    private JsValue OnScriptFulfilled(JsValue thisObject, JsValue[] arguments)
    {
        // A limit crossed by the script's last statements still fails the run.
        this.Sandbox.Budget.ThrowIfTimeOrMemoryExceeded();
        JsValue value = arguments.Length > 0 ? arguments[0] : JsValue.Undefined;
        if (value.IsUndefined())
        {
            this.SettleScript(null, null);
            return JsValue.Undefined;
        }

        // Errors are built after the catch: .NET runs a catch block on top of the frames it
        // unwinds, so right after the stack guard fired there is no stack to build them on.
        bool written = false;
        (int Size, JsonShapeProblem Problem, JsonElement? Value) json = default;
        bool tooDeep = false;
        JsValue? thrown = null;
        try
        {
            written = this.Sandbox.TryWriteJson(value, this.limits, MeasureAndParse, out json);
        }
        catch (JavaScriptException exception) when (BoundaryErrors.IsStackExhausted(exception))
        {
            tooDeep = true;
        }
        catch (JavaScriptException exception)
        {
            thrown = exception.Error;
        }

        if (tooDeep)
        {
            this.SettleScript(null, BoundaryErrors.TooDeep("The return value", this.limits.MaxNestingDepth));
            return JsValue.Undefined;
        }

        if (thrown is not null)
        {
            this.SettleScript(null, ScriptError.Create(
                ScriptErrorCode.RuntimeError,
                $"The return value is not JSON-serializable ({thrown}). Return plain data: objects, arrays, strings, numbers, booleans, null."));
            return JsValue.Undefined;
        }

        if (!written)
        {
            this.SettleScript(null, ScriptError.Create(
                ScriptErrorCode.RuntimeError,
                $"The return value ({(value.IsSymbol() ? "a symbol" : "a function")}) is not JSON-serializable. Return plain data."));
            return JsValue.Undefined;
        }

        if (json.Size > this.limits.MaxReturnValueBytes)
        {
            this.SettleScript(null, ScriptError.LimitExceeded(
                ScriptLimit.ReturnValueSize,
                $"The return value is {json.Size} bytes of JSON; the limit is {this.limits.MaxReturnValueBytes}. Return a summary instead of raw data."));
            return JsValue.Undefined;
        }

        if (BoundaryErrors.For(json.Problem, "The return value", this.limits.MaxNestingDepth, ScriptErrorCode.RuntimeError) is { } shapeError)
        {
            this.SettleScript(null, shapeError);
            return JsValue.Undefined;
        }

        this.SettleScript(json.Value, null);
        return JsValue.Undefined;
    }

    /// <summary>The return value's UTF-8 size, and when within the limit its shape and, if sound, its element.</summary>
    private static (int Size, JsonShapeProblem Problem, JsonElement? Value) MeasureAndParse(ScriptLimits limits, ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > limits.MaxReturnValueBytes)
        {
            return (utf8.Length, JsonShapeProblem.None, null);
        }

        JsonShapeProblem problem = JsonShape.Check(utf8, limits.MaxNestingDepth);
        return (utf8.Length, problem, problem == JsonShapeProblem.None ? JsonShape.Parse(utf8) : null);
    }

    private JsValue OnScriptRejected(JsValue thisObject, JsValue[] arguments)
    {
        this.SettleScript(null, ScriptFailures.FromRejection(arguments.Length > 0 ? arguments[0] : JsValue.Undefined));
        return JsValue.Undefined;
    }

    /// <summary>The script is over: record how, and cancel what it leaves behind.</summary>
    private void SettleScript(JsonElement? value, ScriptError? error)
    {
        this.ScriptSettled = true;
        this.result = value;
        this.scriptError = error;
        if (error is null)
        {
            this.CancelOutstanding(includeSpawned: false, "Cancelled: the script finished without awaiting this call.");
        }
        else if (!this.scriptCancelled)
        {
            this.CancelOutstanding(includeSpawned: true, "Cancelled: the script failed before this call finished.");
        }
    }

    private void CancelOutstanding(bool includeSpawned, string reason)
    {
        foreach (ScriptCall call in this.calls)
        {
            if (call.Request.Spawned && !includeSpawned)
            {
                continue;
            }

            if (call.Phase == CallPhase.Queued)
            {
                call.Phase = CallPhase.Settled;
                call.Status = ToolCallStatus.NotReached;
                call.Error = ScriptError.Create(ScriptErrorCode.Cancelled, "Not started: the run ended while this call waited for a free slot.");
            }
            else if (call.Phase == CallPhase.Dispatched && call.CancelReason is null)
            {
                call.CancelReason = reason;
                this.stepCancel.Add(call.Request.CallId);
            }
        }
    }

    /// <summary>Dispatches queued calls into free slots, finishes the run when nothing is left, and reports the step.</summary>
    private ScriptStep EndStep()
    {
        while (this.queue.Count > 0 && this.inFlight < this.limits.MaxToolCallsInFlight)
        {
            ScriptCall next = this.queue.Dequeue();
            if (next.Phase != CallPhase.Queued)
            {
                continue;
            }

            next.Phase = CallPhase.Dispatched;
            this.inFlight++;
            this.stepDispatched.Add(next.Request);
        }

        if (!this.ScriptSettled && this.sandbox is not null && this.inFlight == 0)
        {
            // Nothing in flight and nothing queued: no settlement can ever reach the script again.
            this.SettleScript(null, ScriptError.Create(
                ScriptErrorCode.RuntimeError,
                "The script is waiting on a promise that can never settle (no tool call is pending). Await tool calls or values, not a promise nothing resolves."));
        }

        if (this.report is null && this.ScriptSettled && this.inFlight == 0)
        {
            this.report = this.BuildReport();
            this.sandbox?.Dispose();
        }

        ScriptStep step = new(this, this.stepDispatched.ToArray(), this.stepCancel.ToArray(), this.report);
        this.stepDispatched.Clear();
        this.stepCancel.Clear();
        return step;
    }

    private ScriptRunReport BuildReport()
    {
        ScriptRunStatus status = this.scriptCancelled ? ScriptRunStatus.Cancelled
            : this.scriptError is not null ? ScriptRunStatus.Failed
            : ScriptRunStatus.Completed;
        return new ScriptRunReport(status)
        {
            Result = this.result,
            Error = this.scriptError,
            Logs = this.console?.Entries.ToArray() ?? [],
            LogsTruncated = this.console?.Truncated ?? false,
            Calls = this.calls.Select(c => c.ToRecord()).ToArray(),
        };
    }
}
