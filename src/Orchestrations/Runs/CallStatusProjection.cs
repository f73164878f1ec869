using System.Text;
using System.Text.Json;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The status projection: keeps the running counts, the calls that wait and the decisions made,
/// and projects them into the <see cref="RunStatus"/> the run publishes. Built from running counts
/// and the calls that wait, so publishing it after every episode costs the same at call 1,000 as
/// at call 1.
/// </summary>
internal sealed class CallStatusProjection
{
    /// <summary>Arguments in custom status are cut to this many UTF-8 bytes.</summary>
    public const int MaxStatusArgsBytes = 2048;

    private readonly SortedDictionary<int, TrackedCall> waiting = [];
    private readonly SortedDictionary<int, DecidedCall> decided = [];
    private int doneCount;

    /// <summary>The calls that wait for someone outside the run, by call id.</summary>
    public IEnumerable<TrackedCall> Waiting => this.waiting.Values;

    /// <summary>Lists <paramref name="call"/> as waiting for <paramref name="kind"/>.</summary>
    public void StartWaiting(TrackedCall call, PendingKind kind)
    {
        call.Waiting = kind;
        this.waiting[call.CallId] = call;
    }

    /// <summary>Stops listing <paramref name="call"/> as waiting (a no-op when it does not wait).</summary>
    public void StopWaiting(TrackedCall call)
    {
        call.Waiting = null;
        this.waiting.Remove(call.CallId);
    }

    /// <summary>Counts <paramref name="call"/> as done; false when it already was.</summary>
    public bool MarkDone(TrackedCall call)
    {
        if (call.Done)
        {
            return false;
        }

        call.Done = true;
        this.doneCount++;
        return true;
    }

    /// <summary>Records how an ask (or a policy denial) was decided.</summary>
    public void RecordDecision(int callId, DecisionVerdict verdict, DecisionScope scope, bool expired = false) =>
        this.decided[callId] = new DecidedCall(callId, verdict, scope, expired);

    /// <summary>The custom status to publish now.</summary>
    public RunStatus Project(int callsTracked, IReadOnlyList<int> cancelling, bool scriptSettled, string? lastProgress, bool dryRun)
    {
        List<PendingCall> pending = new(this.waiting.Count);
        bool awaitingApproval = false;
        foreach (TrackedCall call in this.waiting.Values)
        {
            PendingKind kind = call.Waiting!.Value;
            awaitingApproval |= kind == PendingKind.Approval;
            (string args, bool cut) = Truncate(call.Request.Args);
            pending.Add(new PendingCall(call.CallId, call.Request.Tool, args, kind, kind == PendingKind.Approval ? call.Verdict.Reason : string.Empty, call.ExpiresAt)
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
            CallsInFlight = callsTracked - this.doneCount,
            Pending = pending,
            Decided = this.decided.Count == 0 ? [] : [.. this.decided.Values],
            Cancelling = cancelling,
            LastProgress = lastProgress,
            DryRun = dryRun,
        };
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
}
