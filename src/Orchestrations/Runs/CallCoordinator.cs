using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// Takes each call the script dispatches from policy to outcome, on the orchestration context:
/// policy verdict; for an ask, the call's decision event raced with a durable expiry timer
/// (cancelled when a decision wins) and with scope-run grants and cancellation; then the tool's
/// activity. Host-resolved tools wait for their posted result the same way. Orchestrator code:
/// everything here is deterministic and runs on the orchestration thread.
/// </summary>
internal sealed class CallCoordinator
{
    /// <summary>Arguments in custom status are cut to this many UTF-8 bytes.</summary>
    public const int MaxStatusArgsBytes = 2048;

    private static readonly JsonElement JsonNull = JsonDocument.Parse("null").RootElement.Clone();

    private readonly TaskOrchestrationContext context;
    private readonly ScriptRunInput input;
    private readonly IReadOnlyDictionary<string, ToolDescriptor> tools;
    private readonly SortedDictionary<int, CallState> calls = [];
    private readonly Dictionary<string, (ApprovalDecision Decision, int FromCall)> grants = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, DecidedCall> decided = [];
    private readonly SortedDictionary<int, CallState> waiting = [];
    private readonly List<string> cancelKeys = [];
    private readonly SortedSet<int> cancelling = [];
    private readonly List<Task> housekeeping = [];
    private int doneCount;

    public CallCoordinator(TaskOrchestrationContext context, ScriptRunInput input, IReadOnlyList<ToolDescriptor> tools)
    {
        this.context = context;
        this.input = input;
        this.tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public bool DryRun => this.input.Context.Mode == FeatureMode.DryRun;

    /// <summary>The step machine's synchronous policy hook: a policy denial never dispatches the call.</summary>
    public ToolCallGate Gate(ToolCallRequest request)
    {
        CallState call = this.Track(request);
        if (this.DryRun || call.Verdict.Action != ApprovalAction.Deny)
        {
            return ToolCallGate.Allow;
        }

        this.MarkDone(call);
        this.decided[call.Seq] = new DecidedCall(call.Seq, DecisionVerdict.Deny, DecisionScope.Call);
        return ToolCallGate.Deny(Denied(call, call.Verdict.Reason, "the approval policy"));
    }

    /// <summary>Starts a dispatched call; the task completes with the outcome to settle it with.</summary>
    public Task<ToolOutcome> Start(ToolCallRequest request)
    {
        CallState call = this.calls.TryGetValue(request.CallSeq, out CallState? known) ? known : this.Track(request);
        return this.RunAsync(call);
    }

    /// <summary>
    /// Asks a call to stop: a wait for a decision or result ends at once (the call is cancelled);
    /// a running activity is signalled through the side channel and listed in the status's
    /// <c>cancelling</c> (which workers that missed the signal read), and still returns on its own.
    /// </summary>
    public void Cancel(int callSeq, string reason)
    {
        if (!this.calls.TryGetValue(callSeq, out CallState? call) || call.Done)
        {
            return;
        }

        if (call.Waiting is not null)
        {
            call.Interrupt?.TrySetResult(CallResolution.Cancelled(reason));
        }
        else if (call.ActivityStarted && this.cancelling.Add(callSeq))
        {
            this.cancelKeys.Add(RunIds.IdempotencyKey(this.context.InstanceId, callSeq));
        }
    }

    /// <summary>Sends the cancellations collected since the last flush as one durable activity.</summary>
    public void FlushCancellations()
    {
        if (this.cancelKeys.Count == 0)
        {
            return;
        }

        string[] keys = [.. this.cancelKeys];
        this.cancelKeys.Clear();
        this.housekeeping.Add(this.context.CallActivityAsync<int>(CancelToolCallsActivity.Name, keys));
    }

    /// <summary>Waits for the cancellation activities (their failure cannot change the report).</summary>
    public async Task FinishHousekeepingAsync()
    {
        foreach (Task task in this.housekeeping)
        {
            try
            {
                await task;
            }
            catch (TaskFailedException)
            {
                // The side channel is best effort: the call itself still returned and was settled.
            }
        }
    }

    /// <summary>
    /// The custom status to publish now. Built from running counts and the calls that wait, so
    /// publishing it after every episode costs the same at call 1,000 as at call 1.
    /// </summary>
    public RunStatus Status(bool scriptSettled, string? lastProgress)
    {
        List<PendingCall> pending = new(this.waiting.Count);
        bool awaitingApproval = false;
        foreach (CallState call in this.waiting.Values)
        {
            PendingKind kind = call.Waiting!.Value;
            awaitingApproval |= kind == PendingKind.Approval;
            (string args, bool cut) = Truncate(call.Request.Args);
            pending.Add(new PendingCall(call.Seq, call.Request.Tool, args, kind, kind == PendingKind.Approval ? call.Verdict.Reason : string.Empty, call.ExpiresAt)
            {
                ArgsTruncated = cut,
                Line = call.Request.Line > 0 ? call.Request.Line : null,
            });
        }

        RunPhase phase = awaitingApproval ? RunPhase.AwaitingApproval
            : pending.Count > 0 ? RunPhase.AwaitingResult
            : scriptSettled ? RunPhase.Finishing
            : RunPhase.Running;
        return new RunStatus(phase)
        {
            CallsDone = this.doneCount,
            CallsInFlight = this.calls.Count - this.doneCount,
            Pending = pending,
            Decided = this.decided.Count == 0 ? [] : [.. this.decided.Values],
            Cancelling = this.cancelling.Count == 0 ? [] : [.. this.cancelling],
            LastProgress = lastProgress,
            DryRun = this.DryRun,
        };
    }

    /// <summary>The approval audit: every call the policy did not simply allow (every call in a dry run).</summary>
    public IReadOnlyList<CallApproval> Audits() =>
        [.. this.calls.Values.Where(c => this.DryRun || c.Audited).Select(c => c.Audit)];

    private static ScriptError Denied(CallState call, string? reason, string? by)
    {
        string who = string.IsNullOrWhiteSpace(by) ? string.Empty : $" by {by}";
        string why = string.IsNullOrWhiteSpace(reason) ? string.Empty : $": {reason}";
        return ScriptError.Create(
            ScriptErrorCode.ApprovalDenied,
            string.Create(CultureInfo.InvariantCulture, $"The {call.Request.Tool} call (call {call.Seq}) was denied{who}{why}. Do not retry it as is."));
    }

    private static (string Text, bool Cut) Truncate(JsonElement args)
    {
        string text = args.GetRawText();
        if (Encoding.UTF8.GetByteCount(text) <= MaxStatusArgsBytes)
        {
            return (text, false);
        }

        int length = Math.Min(text.Length, MaxStatusArgsBytes);
        while (Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > MaxStatusArgsBytes)
        {
            length--;
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return (text[..length], true);
    }

    private CallState Track(ToolCallRequest request)
    {
        ToolDescriptor? descriptor = this.tools.GetValueOrDefault(request.Tool);
        PolicyVerdict verdict = ApprovalPolicy.EvaluateEffective(
            this.input.HostPolicy,
            this.input.RunPolicy,
            PolicyCall.For(descriptor, request.Tool, request.Args, this.input.Context.Workspace));
        CallState call = new(request, descriptor, verdict);
        this.calls[request.CallSeq] = call;
        return call;
    }

    private async Task<ToolOutcome> RunAsync(CallState call)
    {
        try
        {
            if (this.DryRun)
            {
                return ToolOutcome.Success(call.Descriptor?.DryRunResult ?? JsonNull);
            }

            if (call.Verdict.Action == ApprovalAction.Deny)
            {
                return ToolOutcome.Failure(Denied(call, call.Verdict.Reason, "the approval policy"));
            }

            if (call.HostResolved)
            {
                return await this.AwaitHostResultAsync(call);
            }

            if (call.Verdict.Action == ApprovalAction.Ask)
            {
                CallResolution resolution = this.grants.TryGetValue(call.Verdict.GrantKey, out (ApprovalDecision Decision, int FromCall) grant)
                    ? new CallResolution(CallResolutionKind.Granted, grant.Decision, grant.FromCall)
                    : await this.AwaitDecisionAsync(call);
                if (this.Resolve(call, resolution) is { } refusal)
                {
                    return refusal;
                }
            }

            return await this.CallToolAsync(call);
        }
        finally
        {
            this.StopWaiting(call);
            this.MarkDone(call);
        }
    }

    private async Task<CallResolution> AwaitDecisionAsync(CallState call)
    {
        using CancellationTokenSource cancel = new();
        call.ExpiresAt = this.context.CurrentUtcDateTime + this.input.ApprovalExpiry;
        call.Interrupt = new TaskCompletionSource<CallResolution>();
        this.StartWaiting(call, PendingKind.Approval);
        Task<ApprovalDecision> decision = this.context.WaitForExternalEvent<ApprovalDecision>(RunEvents.Approval(call.Seq), cancel.Token);
        Task expiry = this.context.CreateTimer(call.ExpiresAt, cancel.Token);
        Task winner = await Task.WhenAny(decision, expiry, call.Interrupt.Task);

        // Cancel the losers: an open expiry timer would keep the run open for the whole expiry.
        // Synchronously: the framework's cancellation callbacks must run on the orchestration thread.
        CancelNow(cancel);
        this.StopWaiting(call);
        if (winner == decision && decision.IsCompletedSuccessfully)
        {
            ApprovalDecision made = decision.Result ?? new ApprovalDecision(DecisionVerdict.Deny, Reason: "empty decision");
            if (made.Scope == DecisionScope.Run)
            {
                this.Grant(call, made);
            }

            return new CallResolution(CallResolutionKind.Decided, made);
        }

        return winner == expiry ? new CallResolution(CallResolutionKind.Expired) : await call.Interrupt.Task;
    }

    private void Grant(CallState from, ApprovalDecision decision)
    {
        this.grants[from.Verdict.GrantKey] = (decision, from.Seq);
        foreach (CallState other in this.waiting.Values.ToList())
        {
            if (other != from && other.Waiting == PendingKind.Approval &&
                string.Equals(other.Verdict.GrantKey, from.Verdict.GrantKey, StringComparison.Ordinal))
            {
                other.Interrupt?.TrySetResult(new CallResolution(CallResolutionKind.Granted, decision, from.Seq));
            }
        }
    }

    /// <summary>Records how the question ended; returns the outcome when the call must not run.</summary>
    private ToolOutcome? Resolve(CallState call, CallResolution resolution)
    {
        switch (resolution.Kind)
        {
            case CallResolutionKind.Decided or CallResolutionKind.Granted:
                ApprovalDecision decision = resolution.Decision!;
                call.Audit = call.Audit with { Decision = decision, DecidedViaCall = resolution.ViaCall };
                this.decided[call.Seq] = new DecidedCall(call.Seq, decision.Verdict, decision.Scope);
                return decision.Verdict == DecisionVerdict.Approve ? null : ToolOutcome.Failure(Denied(call, decision.Reason, decision.DecidedBy));
            case CallResolutionKind.Expired:
                call.Audit = call.Audit with { Expired = true };
                this.decided[call.Seq] = new DecidedCall(call.Seq, DecisionVerdict.Deny, DecisionScope.Call, Expired: true);
                return ToolOutcome.Failure(ScriptError.Create(
                    ScriptErrorCode.ApprovalExpired,
                    string.Create(CultureInfo.InvariantCulture, $"Nobody decided on the {call.Request.Tool} call (call {call.Seq}) within {this.input.ApprovalExpiry}; the approval expired ({call.Verdict.Reason}).")));
            default:
                call.Audit = call.Audit with { Cancelled = true };
                return ToolOutcome.Cancelled(resolution.Reason ?? "The run ended before anyone decided.");
        }
    }

    private async Task<ToolOutcome> AwaitHostResultAsync(CallState call)
    {
        using CancellationTokenSource cancel = new();
        call.ExpiresAt = this.context.CurrentUtcDateTime + this.input.ApprovalExpiry;
        call.Interrupt = new TaskCompletionSource<CallResolution>();
        this.StartWaiting(call, PendingKind.Result);
        Task<HostResult> posted = this.context.WaitForExternalEvent<HostResult>(RunEvents.Result(call.Seq), cancel.Token);
        Task expiry = this.context.CreateTimer(call.ExpiresAt, cancel.Token);
        Task winner = await Task.WhenAny(posted, expiry, call.Interrupt.Task);
        CancelNow(cancel);
        this.StopWaiting(call);
        if (winner == posted && posted.IsCompletedSuccessfully && posted.Result is { } result)
        {
            return result.Error is { Length: > 0 } error
                ? ToolOutcome.Failure(ScriptError.Create(ScriptErrorCode.ToolFailed, $"{call.Request.Tool} failed: {error}"))
                : ToolOutcome.Success(result.Result ?? JsonNull);
        }

        if (winner == expiry)
        {
            call.Audit = call.Audit with { Expired = true };
            return ToolOutcome.Failure(ScriptError.Create(
                ScriptErrorCode.ApprovalExpired,
                string.Create(CultureInfo.InvariantCulture, $"No result was posted for the {call.Request.Tool} call (call {call.Seq}) within {this.input.ApprovalExpiry}.")));
        }

        CallResolution interrupted = await call.Interrupt.Task;
        call.Audit = call.Audit with { Cancelled = true };
        return ToolOutcome.Cancelled(interrupted.Reason ?? "The run ended before a result was posted.");
    }

    private async Task<ToolOutcome> CallToolAsync(CallState call)
    {
        call.ActivityStarted = true;
        DateTime started = this.context.CurrentUtcDateTime;
        ToolInvocation invocation = new(
            RunIds.IdempotencyKey(this.context.InstanceId, call.Seq),
            call.Seq,
            this.input.Context.Workspace,
            call.Request.Args,
            AllowNetwork: call.Verdict.Network);
        try
        {
            JsonElement result = await this.context.CallActivityAsync<JsonElement>(call.Request.Tool, invocation);
            return ToolOutcome.Success(result, this.Elapsed(started));
        }
        catch (TaskFailedException ex)
        {
            ScriptError error = ToolActivityException.TryReadError(ex.FailureDetails, out ScriptError? typed)
                ? typed
                : ScriptError.Create(ScriptErrorCode.ToolFailed, $"{call.Request.Tool} failed: {ex.FailureDetails.ErrorMessage}");
            return ToolOutcome.Failure(error, this.Elapsed(started));
        }
    }

    private void MarkDone(CallState call)
    {
        if (!call.Done)
        {
            call.Done = true;
            this.doneCount++;
            this.cancelling.Remove(call.Seq);
        }
    }

    private void StartWaiting(CallState call, PendingKind kind)
    {
        call.Waiting = kind;
        this.waiting[call.Seq] = call;
    }

    private void StopWaiting(CallState call)
    {
        call.Waiting = null;
        this.waiting.Remove(call.Seq);
    }

#pragma warning disable CA1849 // CancelAsync would run the framework's callbacks on the thread pool.
    private static void CancelNow(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849

    private double Elapsed(DateTime started) => (this.context.CurrentUtcDateTime - started).TotalMilliseconds;
}
