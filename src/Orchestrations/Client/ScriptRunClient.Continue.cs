using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>Continuing a finished run from a corrected script.</summary>
public sealed partial class ScriptRunClient
{
    /// <summary>
    /// Starts a turn that continues the finished run <paramref name="runId"/>: its first block's run
    /// walks the earlier run's completed calls in order and, while its script's next call names the
    /// same tool with equal arguments, settles it with the recorded result or error instead of
    /// running the tool again (the report marks it <c>reused</c>; its approval carries over). The
    /// first difference ends reuse; every later call goes through the policy and runs as usual. The
    /// completed calls are read here from the earlier run's history and travel in the new run's
    /// input, so the new run never reads anything while it replays. Same conversation and workspace
    /// as the earlier run. Refused with <c>not-found</c> for an unknown run and
    /// <c>run-not-finished</c> while it is pending, running or suspended; idempotent like
    /// <see cref="StartTurnAsync"/>.
    /// </summary>
    public async Task<TurnStart> ContinueRunAsync(string runId, ContinueRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireInstanceId(runId);
        OrchestrationMetadata? metadata = await this.client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (metadata is null || metadata.Name != OrchestratorNames.ScriptRun)
        {
            string what = metadata?.Name == OrchestratorNames.ScriptTurn ? $"{runId} is a turn; continue one of its runs" : $"No run has id {runId}";
            throw new ScriptRunClientException(ClientErrorCode.NotFound, what + ".");
        }

        if (IsActive(metadata.RuntimeStatus))
        {
            throw new ScriptRunClientException(
                ClientErrorCode.RunNotFinished,
                $"Run {runId} has not finished ({metadata.RuntimeStatus}); only a completed, failed or terminated run can be continued. Answer or terminate it first.");
        }

        ScriptRunInput earlier = metadata.ReadInputAs<ScriptRunInput>()
            ?? throw new ScriptRunClientException(ClientErrorCode.NotFound, $"Run {runId} has no input to continue from.");
        int reused = Reused(metadata);
        IReadOnlyList<DurableHistoryEvent> events = await Translated(() => this.history.ReadAsync(runId, cancellationToken)).ConfigureAwait(false);
        RunContinuation continuation = new(runId, RecordedCalls.From(runId, earlier, reused, events));

        string turnId = request.TurnId ?? "continue-" + RunIds.ContentHash([runId, .. request.Scripts ?? []])[..16];
        TurnRequest turn = new(earlier.Context.ConversationId, turnId, request.Scripts!, earlier.Context.Workspace)
        {
            Provider = request.Provider ?? earlier.Context.Provider,
            Output = request.Output,
            Model = request.Model ?? earlier.Context.Model,
            Policy = request.Policy ?? earlier.RunPolicy,
            ApprovalExpiry = request.ApprovalExpiry,
            Mode = request.Mode,
        };
        return await this.StartTurnCoreAsync(turn, continuation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many of its first calls the run reused itself (from its report, or its last status when it has none).</summary>
    private static int Reused(OrchestrationMetadata metadata)
    {
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.SerializedOutput is { Length: > 0 }
            && metadata.ReadOutputAs<ScriptRunOutput>() is { } output)
        {
            return output.Report.Calls.Count(c => c.Reused);
        }

        return metadata.SerializedCustomStatus is { Length: > 0 } ? metadata.ReadCustomStatusAs<RunStatus>()?.Reused ?? 0 : 0;
    }

    /// <summary>
    /// The run a run continues: from its custom status once it ran an episode, else from its input
    /// (read only when the status is absent and the input names a continuation).
    /// </summary>
    private static string? ContinuedFromOf(OrchestrationMetadata metadata)
    {
        try
        {
            if (metadata.SerializedCustomStatus is { Length: > 0 } status)
            {
                return status.Contains("continuedFrom", StringComparison.OrdinalIgnoreCase) ? metadata.ReadCustomStatusAs<RunStatus>()?.ContinuedFrom : null;
            }

            return metadata.SerializedInput is { Length: > 0 } input && input.Contains("\"continuation\"", StringComparison.OrdinalIgnoreCase)
                ? metadata.ReadInputAs<ScriptRunInput>()?.Continuation?.FromRunId
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not a status or input this harness wrote.
            return null;
        }
    }
}
