using System.Runtime.CompilerServices;
using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.Extensions.AI.Turns;

/// <summary>
/// Drives one turn through <see cref="ScriptRunClient"/>, the orchestrations' one door: watches it
/// until every block has a report or a run waits for approval, and delivers decisions.
/// </summary>
internal sealed class TurnRunner(ScriptRunClient runs, TimeSpan maxPollInterval) : ITurnBackend
{
    private static readonly TimeSpan FirstPollInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Watches <paramref name="turnId"/>: yields progress of the running block, then its outcome
    /// (completed or paused) and ends. Reads back off from 1 ms to the maximum interval, so a
    /// quick script costs little latency and a long one few reads. <paramref name="answered"/> is
    /// not needed here: <see cref="ScriptRunClient.GetRunAsync"/> already moves a decision this
    /// client delivered (or, on SQLite, any waiting in the store) out of the pending calls until
    /// the run reads it, so a call just decided never looks like a pause.
    /// </summary>
    public async IAsyncEnumerable<TurnEvent> WatchAsync(string turnId, ISet<(string RunId, int CallId)>? answered, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TimeSpan delay = FirstPollInterval;
        IReadOnlyList<string>? runIds = null;
        int current = 0;
        RunStatus? lastProgress = null;
        while (true)
        {
            if (await runs.GetTurnOutputAsync(turnId, cancellationToken).ConfigureAwait(false) is { } output)
            {
                yield return new TurnCompleted(turnId, Results(output));
                yield break;
            }

            runIds ??= await runs.GetTurnRunIdsAsync(turnId, cancellationToken).ConfigureAwait(false)
                ?? throw new ScriptHarnessChatException(ScriptHarnessChatException.RunNotFoundCode, $"The turn {turnId} is not in this harness's store.");
            RunView? run = current < runIds.Count ? await runs.GetRunAsync(runIds[current], cancellationToken).ConfigureAwait(false) : null;
            if (run is not null && IsFinished(run.RuntimeStatus))
            {
                // The next block starts once this one completed; look at it at once.
                current++;
                lastProgress = null;
                continue;
            }

            if (run?.Status is { } status)
            {
                PendingApproval[] pending = [.. status.Pending.Where(p => p.Kind == PendingKind.Approval).Select(p => new PendingApproval(run.InstanceId, p))];
                if (pending.Length > 0)
                {
                    yield return new TurnPaused(turnId, pending);
                    yield break;
                }

                if (lastProgress is null || lastProgress.CallsDone != status.CallsDone || lastProgress.CallsInFlight != status.CallsInFlight || lastProgress.LastProgress != status.LastProgress)
                {
                    lastProgress = status;
                    yield return new TurnProgress(turnId, run.InstanceId, status);
                }
            }
            else if (run is null && await runs.GetRunAsync(turnId, cancellationToken).ConfigureAwait(false) is { } turn && IsFinished(turn.RuntimeStatus) && turn.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new ScriptHarnessChatException(
                    ScriptHarnessChatException.TurnFailedCode,
                    $"Turn {turnId} ended {turn.RuntimeStatus} without a report: {turn.Failure?.Code} {turn.Failure?.Message}");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxPollInterval.Ticks));
        }
    }

    /// <inheritdoc />
    public async Task<TurnStarted> StartAsync(TurnStartRequest request, CancellationToken cancellationToken)
    {
        if (request.ContinueFrom is { } failedRun)
        {
            try
            {
                ContinueRequest next = new(request.Scripts)
                {
                    TurnId = request.ContinueTurnId,
                    Policy = request.Policy,
                    Model = request.Model,
                    Provider = request.Provider,
                };
                TurnStart continued = await runs.ContinueRunAsync(failedRun, next, cancellationToken).ConfigureAwait(false);
                return new TurnStarted(continued.TurnInstanceId, continued.RunInstanceIds, failedRun);
            }
            catch (ScriptRunClientException ex) when (ex.Code is ClientErrorCode.NotFound)
            {
                // Purged, or a refused answer's run that never started: nothing to reuse.
            }
        }

        TurnRequest turn = new(request.ConversationId, request.TurnId, request.Scripts, request.Workspace ?? Directory.GetCurrentDirectory())
        {
            Policy = request.Policy,
            Model = request.Model,
            Provider = request.Provider,
        };
        TurnStart started = await runs.StartTurnAsync(turn, cancellationToken).ConfigureAwait(false);
        return new TurnStarted(started.TurnInstanceId, started.RunInstanceIds);
    }

    /// <summary>
    /// Delivers the decisions of one run. A call that is no longer waiting (it expired, or someone
    /// decided it elsewhere, or the run finished) is left to the run, which is authoritative.
    /// </summary>
    public async Task DecideAsync(string runId, IReadOnlyList<(int CallId, ApprovalDecision Decision)> decisions, CancellationToken cancellationToken)
    {
        foreach ((int callId, ApprovalDecision decision) in decisions)
        {
            try
            {
                _ = await runs.DecideAsync(runId, callId, decision, cancellationToken).ConfigureAwait(false);
            }
            catch (ScriptRunClientException ex) when (ex.Code is ClientErrorCode.RunFinished or ClientErrorCode.UnknownCall)
            {
                // Nothing waits for this answer any more; the watch reports what the run did.
            }
            catch (ScriptRunClientException ex) when (ex.Code is ClientErrorCode.NotFound)
            {
                throw new ScriptHarnessChatException(ScriptHarnessChatException.RunNotFoundCode, $"The run {runId} that asked for approval is not in this harness's store (was it purged, or is the app using another store?).", ex);
            }
        }
    }

    /// <summary>One report per block: the run's own, a harness fault as a failed report, or not-run naming the block that stopped it.</summary>
    private static BlockResult[] Results(ScriptTurnOutput output)
    {
        int? failedEarlier = null;
        List<BlockResult> results = [];
        foreach (TurnRunResult block in output.Runs.OrderBy(r => r.BlockIndex))
        {
            ScriptRunReport report = block.Output?.Report
                ?? (block.Status == ScriptRunStatus.NotRun
                    ? ScriptReports.NotRun()
                    : new ScriptRunReport(ScriptRunStatus.Failed) { Error = ScriptError.Create(ScriptErrorCode.Internal, $"The run failed in the harness: {block.Failure?.Code} {block.Failure?.Message}") });
            results.Add(new BlockResult(block.InstanceId, ModelReportFormatter.Format(report, report.Status == ScriptRunStatus.NotRun ? failedEarlier : null), ModelReportFormatter.StatusCode(report.Status)));
            if (report.Status != ScriptRunStatus.Completed && report.Status != ScriptRunStatus.NotRun)
            {
                failedEarlier ??= block.BlockIndex + 1;
            }
        }

        return [.. results];
    }

    private static bool IsFinished(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
