using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Approvals;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Turns;

namespace ScriptHarness.Host.Hosting;

/// <summary>
/// The framework's hard terminate of a run or a turn (with its runs), one instance at a time: the
/// durable client refuses recursive terminates, so a turn's runs are terminated by their ids.
/// Graceful termination stays with <see cref="ScriptRunClient.TerminateAsync"/>.
/// </summary>
internal static class ForcedTermination
{
    public static async Task TerminateAsync(ScriptRunClient runs, DurableTaskClient durable, string instanceId, TerminateRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(instanceId))
        {
            throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "instanceId is required.");
        }

        OrchestrationMetadata metadata = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false)
            ?? throw new ScriptRunClientException(ClientErrorCode.NotFound, $"No run has id {instanceId}.");
        if (!IsActive(metadata.RuntimeStatus))
        {
            throw new ScriptRunClientException(ClientErrorCode.RunFinished, $"Run {instanceId} has finished ({metadata.RuntimeStatus}).");
        }

        string reason = $"forced by {request.RequestedBy ?? "unknown"}: {request.Reason ?? "no reason given"}";
        if (metadata.Name == OrchestratorNames.ScriptTurn)
        {
            int count = metadata.ReadInputAs<ScriptTurnInput>()?.Runs.Count ?? 0;
            for (int i = 0; i < count; i++)
            {
                RunView? run = await runs.GetRunAsync(RunIds.Run(instanceId, i), cancellationToken).ConfigureAwait(false);
                if (run is not null && IsActive(run.RuntimeStatus))
                {
                    await durable.TerminateInstanceAsync(run.InstanceId, new TerminateInstanceOptions(reason), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await durable.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(reason), cancellationToken).ConfigureAwait(false);
    }

    private static bool IsActive(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;
}
