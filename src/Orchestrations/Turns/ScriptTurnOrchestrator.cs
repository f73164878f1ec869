using Microsoft.DurableTask;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Telemetry;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Orchestrations.Turns;

/// <summary>
/// One model turn: runs its blocks' scripts as sub-orchestrations, one after another in block
/// order, and stops at the first block that does not complete (the rest are reported as not
/// run). A graceful termination of the turn is forwarded to the block running at the time.
/// </summary>
public sealed class ScriptTurnOrchestrator : TaskOrchestrator<ScriptTurnInput, ScriptTurnOutput>
{
    // The error type the SQLite store gives a parent's call when it terminates the child in the store.
    private const string TerminatedErrorType = "OrchestrationTerminated";

    /// <inheritdoc />
    public override async Task<ScriptTurnOutput> RunAsync(TaskOrchestrationContext context, ScriptTurnInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input is null)
        {
            throw new ArgumentException("A turn needs its input.", nameof(input));
        }

        // Contract 1 is the only path so far; a later contract that changes the turn branches on this value.
        _ = ReplayContract.Require(context.Version);
        DateTime started = context.CurrentUtcDateTime;
        using CancellationTokenSource stopListening = new();
        Task<TerminateRequest> terminate = context.WaitForExternalEvent<TerminateRequest>(RunEvents.Terminate, stopListening.Token);
        TerminateRequest? terminated = null;
        bool stop = false;
        List<TurnRunResult> results = [];
        for (int i = 0; i < input.Runs.Count; i++)
        {
            string runId = RunIds.Run(context.InstanceId, i);
            if (stop)
            {
                results.Add(new TurnRunResult(i, runId, ScriptRunStatus.NotRun));
                continue;
            }

            // Blocks run under the turn's own version, which the worker already accepted.
            TaskOptions options = new TaskOptions().WithInstanceId(runId) with { Version = context.Version };
            Task<ScriptRunOutput> run = context.CallSubOrchestratorAsync<ScriptRunOutput>(OrchestratorNames.ScriptRun, input.Runs[i], options);
            if (terminated is null && await Task.WhenAny(run, terminate) == terminate)
            {
                terminated = terminate.IsCompletedSuccessfully ? terminate.Result ?? new TerminateRequest() : new TerminateRequest();
                context.SendEvent(runId, RunEvents.Terminate, terminated);
            }

            try
            {
                ScriptRunOutput output = await run;
                results.Add(new TurnRunResult(i, runId, output.Report.Status) { Output = output });
                stop = output.Report.Status != ScriptRunStatus.Completed;
            }
            catch (TaskFailedException ex)
            {
                results.Add(FailedRun(i, runId, ex));
                stop = true;
            }

            stop |= terminated is not null;
        }

        StopListening(stopListening);
        if (!context.IsReplaying)
        {
            ScriptRunStatus status = results.Select(r => r.Status).FirstOrDefault(s => s != ScriptRunStatus.Completed, ScriptRunStatus.Completed);
            RunTelemetry.TurnFinished(context.InstanceId, status, started, context.CurrentUtcDateTime);
        }

        return new ScriptTurnOutput(results);
    }

    // A block's run ended by the framework's hard terminate fails this call: with no failure
    // details when a worker processed the terminate, with the store's "OrchestrationTerminated"
    // when the SQLite store ended it itself. Either way the run was stopped on purpose, not faulted.
    private static TurnRunResult FailedRun(int block, string runId, TaskFailedException ex)
    {
        TaskFailureDetails? details = ex.FailureDetails;
        TaskFailureDetails? cause = details?.InnerFailure ?? details;
        if (cause is null || cause.ErrorType == TerminatedErrorType)
        {
            return new TurnRunResult(block, runId, ScriptRunStatus.Cancelled) { Failure = RunFailure.Terminated(cause?.ErrorMessage) };
        }

        return new TurnRunResult(block, runId, ScriptRunStatus.Failed) { Failure = RunFailure.From(cause.ErrorType, cause.ErrorMessage) };
    }

#pragma warning disable CA1849 // CancelAsync would run the framework's callbacks on the thread pool.
    private static void StopListening(CancellationTokenSource source) => source.Cancel();
#pragma warning restore CA1849
}
