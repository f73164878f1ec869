using Microsoft.DurableTask.Client;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>Purge: deleting a finished run's (or turn's, with its runs) state and history.</summary>
public sealed partial class ScriptRunClient
{
    /// <summary>
    /// Deletes a finished run's state and history, or a finished turn's with its runs'. A run that
    /// has not finished (or a turn with such a run) is refused with <c>run-not-finished</c> and
    /// nothing is deleted: the stores silently skip a live instance, which read as success.
    /// </summary>
    /// <returns>How many instances were deleted.</returns>
    public async Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        _ = await this.RequireRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
        List<OrchestrationMetadata> instances = [];
        foreach (string id in await this.GetTurnRunIdsAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? [])
        {
            if (await this.client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false) is { } run)
            {
                instances.Add(run);
            }
        }

        instances.Add(await this.client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new ScriptRunClientException(ClientErrorCode.NotFound, $"No run has id {instanceId}."));

        // Every instance is checked before any is deleted, so a refusal changes nothing.
        if (instances.FirstOrDefault(i => IsActive(i.RuntimeStatus)) is { } live)
        {
            throw new ScriptRunClientException(
                ClientErrorCode.RunNotFinished,
                $"Run {live.InstanceId} has not finished ({live.RuntimeStatus}); nothing was purged. Terminate it first (terminate {instanceId}, or with --force), then purge.");
        }

        int purged = 0;
        foreach (OrchestrationMetadata instance in instances)
        {
            purged += (await Translated(() => this.client.PurgeInstanceAsync(instance.InstanceId, cancellation: cancellationToken)).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return purged;
    }
}
