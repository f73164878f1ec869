using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The orchestrator's bookkeeping of one call from the policy's verdict to its outcome (named apart
/// from the step machine's <c>ScriptCall</c>, which tracks the same call's promise inside the script).
/// </summary>
internal sealed class TrackedCall
{
    public TrackedCall(ToolCallRequest request, ToolDescriptor? descriptor, PolicyVerdict verdict)
    {
        this.Request = request;
        this.Descriptor = descriptor;
        this.Verdict = verdict;
        this.Audit = new CallApproval(request.CallId, request.Tool, verdict.Action, verdict.Reason);
    }

    public ToolCallRequest Request { get; }

    public ToolDescriptor? Descriptor { get; }

    public PolicyVerdict Verdict { get; }

    public int CallId => this.Request.CallId;

    public bool HostResolved => this.Descriptor?.Kind == ToolKind.External;

    /// <summary>The audit entry, updated as the call moves on.</summary>
    public CallApproval Audit { get; set; }

    /// <summary>What the call waits for, while it waits for someone outside the run.</summary>
    public PendingKind? Waiting { get; set; }

    /// <summary>When the wait expires.</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Completed to end the wait early: a scope-run grant or a cancellation.</summary>
    public TaskCompletionSource<CallResolution>? Interrupt { get; set; }

    /// <summary>The outcome an earlier run recorded for the same call, when a continued run reuses it (nothing is scheduled).</summary>
    public ToolOutcome? Reused { get; set; }

    /// <summary>Whether the run asked the call to stop (a retry policy then tries it no more).</summary>
    public bool CancelRequested { get; set; }

    /// <summary>How many attempts of the tool's activity were scheduled (more than one only under a retry policy).</summary>
    public int Attempts { get; set; }

    /// <summary>Whether the tool's activity has been scheduled.</summary>
    public bool ActivityStarted { get; set; }

    /// <summary>Whether the call has an outcome.</summary>
    public bool Done { get; set; }

    /// <summary>Whether the audit should list this call (the policy judged it, or it is a dry run).</summary>
    public bool Audited => this.Reused is null && (this.Verdict.Action != ApprovalAction.Allow || this.Audit.Decision is not null || this.Audit.Cancelled);
}
