using Jint.Native;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>Where one call stands: queued behind the in-flight limit, dispatched, or settled.</summary>
internal enum CallPhase
{
    Queued,
    Dispatched,
    Settled,
}

/// <summary>
/// The step machine's bookkeeping of one call: its phase and the promise the script awaits (named
/// apart from the orchestrator's <c>TrackedCall</c>, which tracks the same call through policy and activity).
/// </summary>
internal sealed class ScriptCall
{
    public ScriptCall(ToolCallRequest request, Action<JsValue> resolve, Action<JsValue> reject)
    {
        this.Request = request;
        this.Resolve = resolve;
        this.Reject = reject;
    }

    public ToolCallRequest Request { get; }

    public Action<JsValue> Resolve { get; }

    public Action<JsValue> Reject { get; }

    public CallPhase Phase { get; set; } = CallPhase.Queued;

    /// <summary>Whether the script's promise of this call has already been settled (e.g. a denial or a spawn cancel).</summary>
    public bool PromiseSettled { get; set; }

    /// <summary>Why the host was asked to cancel the call, once it was.</summary>
    public string? CancelReason { get; set; }

    public ToolCallStatus Status { get; set; }

    public ScriptError? Error { get; set; }

    public double? DurationMs { get; set; }

    /// <summary>Whether the outcome was reused from an earlier run (the tool did not run again).</summary>
    public bool Reused { get; set; }

    /// <summary>How many attempts the call took under a retry policy (null: one, or no policy).</summary>
    public int? Attempts { get; set; }

    public ToolCallRecord ToRecord() => new(this.Request.CallId, this.Request.Tool, this.Request.Args, this.Status)
    {
        Line = this.Request.Line,
        Column = this.Request.Column,
        Spawned = this.Request.Spawned,
        DurationMs = this.DurationMs,
        Reused = this.Reused,
        Attempts = this.Attempts,
        Error = this.Error,
    };
}
