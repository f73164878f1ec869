using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Orchestrations.Telemetry;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// Takes each call the script dispatches from policy to outcome, on the orchestration context:
/// the verdict of the <see cref="CallPolicyGate"/>; for an ask, or a host-resolved tool, the one
/// <see cref="ExternalWait"/> (event ∥ expiry timer ∥ interrupt); then the tool's activity. The
/// <see cref="CallStatusProjection"/> keeps what the run publishes and
/// <see cref="CallCancellations"/> what it asks running calls to stop. Orchestrator code:
/// everything here is deterministic and runs on the orchestration thread.
/// </summary>
internal sealed class CallCoordinator
{
    private static readonly JsonElement JsonNull = JsonDocument.Parse("null").RootElement.Clone();

    private readonly TaskOrchestrationContext context;
    private readonly ScriptRunInput input;
    private readonly CallPolicyGate policy;
    private readonly CallStatusProjection status = new();
    private readonly CallCancellations cancellations;
    private readonly CallReuse reuse;
    private readonly SortedDictionary<int, TrackedCall> calls = [];
    private readonly RunNotices notices;

    public CallCoordinator(TaskOrchestrationContext context, ScriptRunInput input, IReadOnlyList<ToolDescriptor> tools, int contract)
    {
        this.context = context;
        this.input = input;
        this.notices = new RunNotices(context, input, contract);
        this.policy = new CallPolicyGate(input, tools);
        this.cancellations = new CallCancellations(context);
        this.reuse = new CallReuse(input.Continuation);
    }

    public bool DryRun => this.input.Context.Mode == FeatureMode.DryRun;

    /// <summary>
    /// The step machine's synchronous policy hook, asked for every call before it is queued: a
    /// policy denial never dispatches the call, so <see cref="Start"/> only sees calls judged here
    /// that the policy did not deny (or any call, in a dry run).
    /// </summary>
    public ToolCallGate Gate(ToolCallRequest request)
    {
        TrackedCall call = this.policy.Judge(request);
        this.calls[request.CallId] = call;

        // A continued run's call equal to the earlier run's next completed call is not judged
        // again: its approval (or the policy's allow) carries over, and Start settles it as recorded.
        if (this.reuse.Take(request) is { } reused)
        {
            call.Reused = reused;
            return ToolCallGate.Allow;
        }

        if (this.DryRun || call.Verdict.Action != ApprovalAction.Deny)
        {
            return ToolCallGate.Allow;
        }

        this.MarkDone(call);
        this.status.RecordDecision(call.CallId, DecisionVerdict.Deny, DecisionScope.Call);
        ScriptError denied = CallPolicyGate.Denied(call, call.Verdict.Reason, "the approval policy");
        if (!this.context.IsReplaying)
        {
            CallTelemetry.Finished(this.context.InstanceId, call, ToolOutcome.Failure(denied), this.context.CurrentUtcDateTime, this.context.CurrentUtcDateTime);
        }

        return ToolCallGate.Deny(denied);
    }

    /// <summary>Starts a dispatched call; the task completes with the outcome to settle it with.</summary>
    public Task<ToolOutcome> Start(ToolCallRequest request) => this.RunAsync(this.calls[request.CallId]);

    /// <summary>
    /// Asks a call to stop: a wait for a decision or result ends at once (the call is cancelled);
    /// a running activity is signalled through the side channel and listed in the status's
    /// <c>cancelling</c> (which workers that missed the signal read), and still returns on its own.
    /// </summary>
    public void Cancel(int callId, string reason)
    {
        if (!this.calls.TryGetValue(callId, out TrackedCall? call) || call.Done)
        {
            return;
        }

        call.CancelRequested = true;
        if (call.Waiting is not null)
        {
            call.Interrupt!.TrySetResult(CallResolution.Cancelled(reason));
        }
        else if (call.ActivityStarted)
        {
            this.cancellations.Request(callId, RunIds.IdempotencyKey(this.context.InstanceId, callId));
        }
    }

    /// <summary>Sends the cancellations collected since the last flush as one durable activity.</summary>
    public void FlushCancellations() => this.cancellations.Flush();

    /// <summary>Waits for the cancellation activities (their failure cannot change the report).</summary>
    public Task FinishHousekeepingAsync() => this.cancellations.DrainAsync();

    /// <summary>Sends the run-finished notice (contract 2 and later) and waits for every notice.</summary>
    public Task FinishNoticesAsync(ScriptHarness.ScriptRuntime.Reports.ScriptRunReport report) => this.notices.FinishAsync(report);

    /// <summary>The custom status to publish now.</summary>
    public RunStatus Status(bool scriptSettled, string? lastProgress)
    {
        RunStatus now = this.status.Project(this.calls.Count, this.cancellations.Listed, scriptSettled, lastProgress, this.DryRun);
        return this.input.Continuation is null ? now : now with { ContinuedFrom = this.input.Continuation.FromRunId, Reused = this.reuse.Count };
    }

    /// <summary>The approval audit: every call the policy did not simply allow (every call in a dry run).</summary>
    public IReadOnlyList<CallApproval> Audits() =>
        [.. this.calls.Values.Where(c => this.DryRun || c.Audited).Select(c => c.Audit)];

    private async Task<ToolOutcome> RunAsync(TrackedCall call)
    {
        // The call's span and latency run from here to its outcome, read from the history's clock.
        DateTime started = this.context.CurrentUtcDateTime;
        ToolOutcome? outcome = null;
        try
        {
            if (call.Reused is { } reused)
            {
                return reused;
            }

            if (this.DryRun)
            {
                return outcome = ToolOutcome.Success(call.Descriptor?.DryRunResult ?? JsonNull);
            }

            // No deny branch: Gate refused every call the policy denies before it was dispatched.
            if (call.HostResolved)
            {
                return outcome = await this.AwaitHostResultAsync(call);
            }

            if (call.Verdict.Action == ApprovalAction.Ask)
            {
                CallResolution resolution;
                if (this.policy.TryGranted(call, out CallResolution granted))
                {
                    resolution = granted;
                }
                else
                {
                    DateTime asked = this.context.CurrentUtcDateTime;
                    resolution = await this.AwaitDecisionAsync(call);
                    if (!this.context.IsReplaying)
                    {
                        CallTelemetry.Waited(call, resolution, this.context.CurrentUtcDateTime - asked);
                    }
                }
                if (this.Resolve(call, resolution) is { } refusal)
                {
                    return outcome = refusal;
                }
            }

            // The tool's activity, in this method rather than a helper: one async layer (and, when
            // the activity does not complete at once, one boxed state machine) per call fewer.
            call.ActivityStarted = true;
            DateTime toolStarted = this.context.CurrentUtcDateTime;
            ToolInvocation invocation = new(
                RunIds.IdempotencyKey(this.context.InstanceId, call.CallId),
                call.CallId,
                this.input.Context.Workspace,
                call.Request.Args,
                AllowNetwork: call.Verdict.Network);

            // A run that pinned no policy for the tool (every run started before retries existed)
            // schedules exactly what it always did: one activity, no options.
            ToolRetryPolicy? retry = this.input.Retries?.GetValueOrDefault(call.Request.Tool);
            call.Attempts = 1;
            try
            {
                JsonElement result = retry is null
                    ? await this.context.CallActivityAsync<JsonElement>(call.Request.Tool, invocation)
                    : await this.context.CallActivityAsync<JsonElement>(
                        call.Request.Tool,
                        invocation with { AttemptTimeoutMs = retry.AttemptTimeoutMs },
                        TaskOptions.FromRetryHandler(new CallRetryHandler(this.context, call, retry).ShouldRetryAsync));
                return outcome = WithAttempts(ToolOutcome.Success(result, this.Elapsed(toolStarted)), call, retry);
            }
            catch (TaskFailedException ex)
            {
                ScriptError error = ErrorOf(call, ex.FailureDetails);
                return outcome = WithAttempts(ToolOutcome.Failure(error, this.Elapsed(toolStarted)), call, retry);
            }
        }
        finally
        {
            this.status.StopWaiting(call);
            this.MarkDone(call);
            if (outcome is not null && !this.context.IsReplaying)
            {
                CallTelemetry.Finished(this.context.InstanceId, call, outcome, started, this.context.CurrentUtcDateTime);
            }
        }
    }

    private async Task<CallResolution> AwaitDecisionAsync(TrackedCall call)
    {
        // Contract 2: the explicit "asked" event (and the notifications) before the wait; the
        // same expiry the wait below computes, as nothing awaits in between.
        this.notices.Asked(call, this.context.CurrentUtcDateTime + this.input.ApprovalExpiry);
        ExternalWaitOutcome<ApprovalDecision> waited = await ExternalWait.ForAsync<ApprovalDecision>(
            this.context, call, PendingKind.Approval, RunEvents.Approval(call.CallId), this.input.ApprovalExpiry, this.status);
        switch (waited.End)
        {
            case ExternalWaitEnd.Arrived:
                ApprovalDecision made = waited.Payload ?? new ApprovalDecision(DecisionVerdict.Deny, Reason: "empty decision");
                if (made.Scope == DecisionScope.Run)
                {
                    this.Grant(call, made);
                }

                return new CallResolution(CallResolutionKind.Decided, made);
            case ExternalWaitEnd.Expired:
                return new CallResolution(CallResolutionKind.Expired);
            default:
                return waited.Interruption!;
        }
    }

    private void Grant(TrackedCall from, ApprovalDecision decision)
    {
        this.policy.RecordGrant(from, decision);
        foreach (TrackedCall other in this.status.Waiting.ToList())
        {
            if (other != from && other.Waiting == PendingKind.Approval &&
                string.Equals(other.Verdict.GrantKey, from.Verdict.GrantKey, StringComparison.Ordinal))
            {
                other.Interrupt!.TrySetResult(new CallResolution(CallResolutionKind.Granted, decision, from.CallId));
            }
        }
    }

    /// <summary>Records how the question ended; returns the outcome when the call must not run.</summary>
    private ToolOutcome? Resolve(TrackedCall call, CallResolution resolution)
    {
        switch (resolution.Kind)
        {
            case CallResolutionKind.Decided or CallResolutionKind.Granted:
                ApprovalDecision decision = resolution.Decision!;
                call.Audit = call.Audit with { Decision = decision, DecidedViaCall = resolution.ViaCall };
                this.status.RecordDecision(call.CallId, decision.Verdict, decision.Scope);
                return decision.Verdict == DecisionVerdict.Approve ? null : ToolOutcome.Failure(CallPolicyGate.Denied(call, decision.Reason, decision.DecidedBy));
            case CallResolutionKind.Expired:
                call.Audit = call.Audit with { Expired = true };
                this.status.RecordDecision(call.CallId, DecisionVerdict.Deny, DecisionScope.Call, expired: true);
                return ToolOutcome.Failure(ScriptError.Create(
                    ScriptErrorCode.ApprovalExpired,
                    string.Create(CultureInfo.InvariantCulture, $"Nobody decided on the {call.Request.Tool} call (call {call.CallId}) within {this.input.ApprovalExpiry}; the approval expired ({call.Verdict.Reason}).")));
            default:
                call.Audit = call.Audit with { Cancelled = true };
                return ToolOutcome.Cancelled(resolution.Reason ?? "The run ended before anyone decided.");
        }
    }

    private async Task<ToolOutcome> AwaitHostResultAsync(TrackedCall call)
    {
        ExternalWaitOutcome<HostResult> waited = await ExternalWait.ForAsync<HostResult>(
            this.context, call, PendingKind.Result, RunEvents.Result(call.CallId), this.input.ApprovalExpiry, this.status);
        switch (waited.End)
        {
            case ExternalWaitEnd.Arrived:
                // A null payload posts neither a result nor an error: the call returns null.
                HostResult result = waited.Payload ?? new HostResult(null);
                return result.Error is { Length: > 0 } error
                    ? ToolOutcome.Failure(ScriptError.Create(ScriptErrorCode.ToolFailed, $"{call.Request.Tool} failed: {error}"))
                    : ToolOutcome.Success(result.Result ?? JsonNull);
            case ExternalWaitEnd.Expired:
                call.Audit = call.Audit with { Expired = true };
                return ToolOutcome.Failure(ScriptError.Create(
                    ScriptErrorCode.ApprovalExpired,
                    string.Create(CultureInfo.InvariantCulture, $"No result was posted for the {call.Request.Tool} call (call {call.CallId}) within {this.input.ApprovalExpiry}.")));
            default:
                call.Audit = call.Audit with { Cancelled = true };
                return ToolOutcome.Cancelled(waited.Interruption!.Reason ?? "The run ended before a result was posted.");
        }
    }

    /// <summary>The typed error of a failed attempt; a fault that is not a typed tool error is <c>tool-failed</c>.</summary>
    internal static ScriptError ErrorOf(TrackedCall call, TaskFailureDetails details) =>
        ToolActivityException.TryReadError(details, out ScriptError? typed)
            ? typed
            : ScriptError.Create(ScriptErrorCode.ToolFailed, $"{call.Request.Tool} failed: {details.ErrorMessage}");

    // Without a retry policy the outcome carries no attempt count (null, as created): no copy.
    private static ToolOutcome WithAttempts(ToolOutcome outcome, TrackedCall call, ToolRetryPolicy? retry) =>
        retry is null ? outcome : outcome with { Attempts = call.Attempts };

    private void MarkDone(TrackedCall call)
    {
        if (this.status.MarkDone(call))
        {
            this.cancellations.Forget(call.CallId);
        }
    }

    private double Elapsed(DateTime started) => (this.context.CurrentUtcDateTime - started).TotalMilliseconds;
}
