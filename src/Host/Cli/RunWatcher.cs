using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Durable.History;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Host.Cli;

/// <summary>
/// Follows the runs of a turn until they finish: prints each call as it starts and ends (read
/// from the run's audit history, through the client), answers pending approvals through the <see cref="TerminalApprover"/>,
/// and returns one report per block.
/// </summary>
/// <param name="runs">The door to the store.</param>
/// <param name="approver">Answers pending approvals.</param>
/// <param name="progress">Where the progress lines go.</param>
/// <param name="live">On a terminal: the live line of the calls in flight (paused while the approver asks).</param>
internal sealed class RunWatcher(ScriptRunClient runs, TerminalApprover approver, TextWriter progress, LiveProgress? live = null)
{
    // The audit shape's event types (DurableHistoryEvent.Type) this watcher prints.
    private const string TaskScheduled = "taskScheduled";
    private const string TaskCompleted = "taskCompleted";
    private const string TaskFailed = "taskFailed";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    // Progress lines are for a person at a terminal: `+` and quotes read better unescaped.
    private static readonly JsonSerializerOptions DisplayJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Watches every run of the turn <paramref name="turnId"/>, in block order.</summary>
    public async Task<IReadOnlyList<BlockReport>> WatchTurnAsync(string turnId, IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        List<BlockReport> reports = [];
        for (int i = 0; i < runIds.Count; i++)
        {
            reports.Add(await this.WatchRunAsync(turnId, RunIds.BlockOf(runIds[i], i), runIds[i], cancellationToken).ConfigureAwait(false));
        }

        if (live is not null)
        {
            await live.PauseAsync().ConfigureAwait(false);
        }

        return reports;
    }

    private async Task<BlockReport> WatchRunAsync(string turnId, int block, string runId, CancellationToken cancellationToken)
    {
        Dictionary<int, (int CallId, string Tool)> scheduled = [];
        HashSet<int> reported = [];
        HashSet<int> asked = [];
        int seen = 0;
        while (true)
        {
            RunView? view = await runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (view is null)
            {
                RunView? turn = await runs.GetRunAsync(turnId, cancellationToken).ConfigureAwait(false);
                if (turn is not null && IsFinished(turn.RuntimeStatus))
                {
                    return await this.NotStartedAsync(turnId, block, runId, turn, cancellationToken).ConfigureAwait(false);
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                continue;
            }

            seen = await this.PrintCallsAsync(runId, seen, scheduled, reported, cancellationToken).ConfigureAwait(false);
            if (IsFinished(view.RuntimeStatus))
            {
                return Finished(block, view);
            }

            foreach (PendingCall call in view.Status?.Pending ?? [])
            {
                if (call.Kind == PendingKind.Approval && asked.Add(call.CallId))
                {
                    await this.DecideAsync(runId, call, cancellationToken).ConfigureAwait(false);
                }
                else if (call.Kind == PendingKind.Result && asked.Add(call.CallId))
                {
                    await progress.WriteLineAsync($"  #{call.CallId} {TerminalText.Line(call.Tool)} waits for its result: scriptharness respond {TerminalText.Line(runId)} {call.CallId} --json VALUE").ConfigureAwait(false);
                }
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DecideAsync(string runId, PendingCall call, CancellationToken cancellationToken)
    {
        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  #{call.CallId} {TerminalText.Line(call.Tool)} awaits approval: {TerminalText.Line(call.Reason)}")).ConfigureAwait(false);
        if (live is not null)
        {
            // A live line and a question cannot share the terminal: the next call brings the line back.
            await live.PauseAsync().ConfigureAwait(false);
        }

        var decision = await approver.DecideAsync(runId, call, cancellationToken).ConfigureAwait(false);
        if (decision is null)
        {
            await progress.WriteLineAsync($"  no terminal to ask: decide with scriptharness approve {TerminalText.Line(runId)} {call.CallId} [--deny]").ConfigureAwait(false);
            return;
        }

        try
        {
            await runs.DecideAsync(runId, call.CallId, decision, cancellationToken).ConfigureAwait(false);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  #{call.CallId} {(decision.Verdict == Orchestrations.Events.DecisionVerdict.Approve ? "approved" : "denied")} by {TerminalText.Line(decision.DecidedBy)}")).ConfigureAwait(false);
        }
        catch (ScriptRunClientException ex)
        {
            // Decided elsewhere (another terminal, the webhook) or expired meanwhile: the run is authoritative.
            await progress.WriteLineAsync($"  #{call.CallId}: {TerminalText.Line(ex.Message)}").ConfigureAwait(false);
        }
    }

    private async Task<int> PrintCallsAsync(string runId, int seen, Dictionary<int, (int CallId, string Tool)> scheduled, HashSet<int> reported, CancellationToken cancellationToken)
    {
        IReadOnlyList<DurableHistoryEvent> history;
        try
        {
            history = await runs.GetHistoryAsync(runId, cancellationToken).ConfigureAwait(false);
        }
        catch (ScriptRunClientException)
        {
            // Not readable yet (or any more): the next poll tries again, the run's view decides.
            return seen;
        }

        for (int i = seen; i < history.Count; i++)
        {
            DurableHistoryEvent e = history[i];
            switch (e.Type)
            {
                case TaskScheduled when e.Name != CancelToolCallsActivity.Name:
                    (int callId, string args) = ReadInvocation(e.Input);
                    scheduled[e.EventId] = (callId, e.Name ?? "?");
                    live?.Started(callId, e.Name ?? "?");
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"> #{callId} {TerminalText.Line(e.Name)} {TerminalText.Line(args)}")).ConfigureAwait(false);
                    break;
                case TaskCompleted when e.TaskScheduledId is int id && scheduled.TryGetValue(id, out var call) && reported.Add(id):
                    live?.Ended(call.CallId);
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"< #{call.CallId} {TerminalText.Line(call.Tool)} ok")).ConfigureAwait(false);
                    break;
                case TaskFailed when e.TaskScheduledId is int id && scheduled.TryGetValue(id, out var call) && reported.Add(id):
                    live?.Ended(call.CallId);
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"< #{call.CallId} {TerminalText.Line(call.Tool)} failed: {TerminalText.Line(FailureText(e.Failure))}")).ConfigureAwait(false);
                    break;
            }
        }

        return history.Count;
    }

    /// <summary>
    /// A failed call as a person reads it: a tool's typed error (recorded as its JSON) as
    /// "code: message", anything else (a worker fault) as the framework's message.
    /// </summary>
    private static string? FailureText(DurableFailure? failure) =>
        ToolActivityException.TryReadError(failure?.ErrorType, failure?.ErrorMessage, out ScriptError? error)
            ? $"{error.Code.ToCode()}{(error.Detail is { } detail ? $" ({detail})" : string.Empty)}: {error.Message}"
            : failure?.ErrorMessage;

    /// <summary>The call id and (shortened) arguments of a tool activity's input: the invocation the audit shows.</summary>
    private static (int CallId, string Args) ReadInvocation(JsonNode? input)
    {
        if (input is not JsonObject invocation)
        {
            return (0, string.Empty);
        }

        // The history keeps the invocation's wire name for the call id (CallSeq), so recorded runs replay.
        int callId = Property(invocation, "callSeq") is JsonValue seq && seq.TryGetValue(out int value) ? value : 0;
        string args = Property(invocation, "args") is { } a ? a.ToJsonString(DisplayJson) : string.Empty;
        return (callId, args.Length > 200 ? string.Concat(args.AsSpan(0, 200), "…") : args);
    }

    private static JsonNode? Property(JsonObject obj, string name)
    {
        foreach ((string key, JsonNode? value) in obj)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private async Task<BlockReport> NotStartedAsync(string turnId, int block, string runId, RunView turn, CancellationToken cancellationToken)
    {
        ScriptTurnOutput? output = await runs.GetTurnOutputAsync(turnId, cancellationToken).ConfigureAwait(false);
        TurnRunResult? result = output?.Runs.FirstOrDefault(r => r.BlockIndex == block);
        if (result?.Failure is { } failure)
        {
            return new BlockReport(block, runId, "failed") { Error = new ReportError("harness-fault", failure.Message) { Detail = failure.Code } };
        }

        return turn.RuntimeStatus == OrchestrationRuntimeStatus.Terminated
            ? new BlockReport(block, runId, "cancelled") { Error = new ReportError("terminated", "The turn was terminated before this block ran.") }
            : new BlockReport(block, runId, BlockReport.NotRun);
    }

    /// <summary>The report of a finished run.</summary>
    public static BlockReport Finished(int block, RunView view) => view.RuntimeStatus switch
    {
        OrchestrationRuntimeStatus.Completed when view.Output is { } output => BlockReport.FromOutput(block, view.InstanceId, output),
        OrchestrationRuntimeStatus.Terminated => new BlockReport(block, view.InstanceId, "cancelled") { Error = new ReportError("terminated", "The run was terminated by force; it has no report.") },
        _ => new BlockReport(block, view.InstanceId, "failed") { Error = new ReportError("harness-fault", view.Failure?.Message ?? "The run's orchestration failed.") { Detail = view.Failure?.Code } },
    };

    /// <summary>Whether an orchestration status is final.</summary>
    public static bool IsFinished(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>The exit code of a turn's reports: 0 when every block completed, else the first other block's.</summary>
    public static int ExitCode(IEnumerable<BlockReport> reports) =>
        reports.FirstOrDefault(r => r.Status != "completed") switch
        {
            null => ExitCodes.Completed,
            { Status: "refused", Error.Code: "no-script" or "feature-disabled" } => ExitCodes.NotRun,
            { Status: "refused", Error.Code: "configuration" } => ExitCodes.Configuration,
            { Status: "refused", Error.Code: "invalid-request" or "not-found" or "turn-conflict" or "limit-exceeded" } => ExitCodes.RequestRefused,
            { Status: "failed", Error.Code: "harness-fault" } => ExitCodes.HarnessFault,
            { Status: "cancelled", Error.Code: "terminated" } => ExitCodes.ForcedTerminate,
            { Status: "cancelled" } => ExitCodes.Cancelled,
            { Status: var status } when BlockReport.IsNotRun(status) => ExitCodes.NotRun,
            _ => ExitCodes.ScriptFailed,
        };
}
