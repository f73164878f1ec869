using System.Globalization;
using System.Text;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Rollback;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>The rollback half of the door: undo a finished run's edits as a durable run of its own.</summary>
public sealed partial class ScriptRunClient
{
    // A rollback that ended without completing (a conflict, a denial) can be asked for again; each ask is a new turn.
    private const int MaxRollbackAttempts = 100;

    /// <summary>
    /// Starts the rollback of a finished run's edits: a new run, in the same conversation and
    /// workspace and under the run's own approval policy, that applies the inverse patches the
    /// run's completed <c>applyPatch</c> calls returned, newest first, as one patch (all or
    /// nothing across files). Each file must still be as the run left it: a file changed since is
    /// a <c>patch-conflict</c> naming it in the rollback run's report, and nothing is written.
    /// Asked again while that rollback runs or after it completed, it returns the same run; after
    /// a rollback that did not complete (a conflict, a denial), it starts a new one.
    /// </summary>
    /// <exception cref="ScriptRunClientException"><c>not-found</c>, <c>invalid-request</c> (not a run), <c>run-not-finished</c>, <c>nothing-to-roll-back</c>, <c>rollback-incomplete</c>.</exception>
    public async Task<RollbackStart> StartRollbackAsync(string runId, CancellationToken cancellationToken = default)
    {
        RequireInstanceId(runId);
        OrchestrationMetadata metadata = await this.client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false)
            ?? throw new ScriptRunClientException(ClientErrorCode.NotFound, $"No run has id {runId}.");
        if (metadata.Name != OrchestratorNames.ScriptRun)
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, $"{runId} is not a script run (a turn's edits are rolled back run by run).");
        }

        if (IsActive(metadata.RuntimeStatus))
        {
            throw new ScriptRunClientException(ClientErrorCode.RunNotFinished, $"Run {runId} has not finished ({metadata.RuntimeStatus}); roll it back once it has.");
        }

        ScriptRunInput input = metadata.ReadInputAs<ScriptRunInput>()
            ?? throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, $"Run {runId} has no input to read its workspace from.");
        IReadOnlyList<DurableHistoryEvent> history = await Translated(() => this.history.ReadAsync(runId, cancellationToken)).ConfigureAwait(false);
        RollbackPlan plan = RollbackPlan.From(history);
        if (plan.Calls.Count == 0 || !plan.HasOperations)
        {
            throw new ScriptRunClientException(ClientErrorCode.NothingToRollBack, $"Run {runId} made no completed applyPatch call that changed a file; there is nothing to roll back.");
        }

        if (plan.Calls.FirstOrDefault(c => !c.InverseComplete) is { } partial)
        {
            throw new ScriptRunClientException(ClientErrorCode.RollbackIncomplete, $"The applyPatch call {partial.CallId} of run {runId} cannot be undone from its inverse patch (a delete found already done); nothing was started.");
        }

        string script = plan.Script(runId);
        int[] calls = [.. plan.Calls.Select(c => c.CallId)];
        for (int attempt = 1; attempt <= MaxRollbackAttempts; attempt++)
        {
            string turnId = attempt == 1 ? $"rollback {runId}" : string.Create(CultureInfo.InvariantCulture, $"rollback {runId} #{attempt}");
            TurnRequest request = new(input.Context.ConversationId, turnId, [script], input.Context.Workspace)
            {
                Policy = input.RunPolicy,
                Provider = input.Context.Provider,
                Model = input.Context.Model,
                MinScriptBytes = Encoding.UTF8.GetByteCount(script),
            };
            TurnStart started = await this.StartTurnAsync(request, cancellationToken).ConfigureAwait(false);
            RollbackStart result = new(runId, started.RunInstanceIds[0], started.TurnInstanceId, calls, started.AlreadyStarted);
            if (!started.AlreadyStarted)
            {
                return result;
            }

            RunView? earlier = await this.GetRunAsync(result.RunInstanceId, cancellationToken).ConfigureAwait(false);
            bool ended = earlier is not null && !IsActive(earlier.RuntimeStatus);
            if (!ended || earlier!.Output?.Report.Status == ScriptRunStatus.Completed)
            {
                return result;
            }
        }

        throw new ScriptRunClientException(ClientErrorCode.LimitExceeded, $"Run {runId} was rolled back {MaxRollbackAttempts} times without success; purge those rollback runs to try again.") { Limit = "rollbackAttempts" };
    }

    private ScriptLimits RunLimits(TurnRequest request)
    {
        ScriptLimits limits = this.limits.CurrentValue.Clone();
        limits.MaxScriptBytes = Math.Max(limits.MaxScriptBytes, request.MinScriptBytes);
        return LiveRunCalls.Cap(limits, this.options.CurrentValue);
    }
}
