using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.Query;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>
/// The Azure Storage provider's client with two corrections (see README.md in this folder):
/// purge by id removes only finished instances, as the SDK's contract says (the provider deletes
/// a running instance's state too: its purge by id does not look at the status, only its purge by
/// filter does); and the creation of a new id is claimed first in <see cref="CreationClaimsTable"/>,
/// so of callers racing on one new id exactly one is told it created the instance and the others
/// get <see cref="OrchestrationAlreadyExistsException"/>. Everything else passes through.
/// </summary>
internal sealed class CorrectedProviderClient : IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    private readonly IOrchestrationServiceClient client;
    private readonly IOrchestrationServiceQueryClient queries;
    private readonly IOrchestrationServicePurgeClient purges;
    private readonly CreationClaimsTable claims;

    public CorrectedProviderClient(IOrchestrationServiceClient client, CreationClaimsTable claims)
    {
        this.client = client;
        this.queries = (IOrchestrationServiceQueryClient)client;
        this.purges = (IOrchestrationServicePurgeClient)client;
        this.claims = claims;
    }

    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        OrchestrationState? state = await this.client.GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
        if (state is null || !IsTerminal(state.OrchestrationStatus))
        {
            return new PurgeResult(0);
        }

        PurgeResult purged = await this.purges.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        if (purged.DeletedInstanceCount > 0)
        {
            // The id is free again at once (a purge by filter leaves claims to go stale instead).
            await this.claims.ReleaseAsync(instanceId).ConfigureAwait(false);
        }

        return purged;
    }

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) => this.purges.PurgeInstanceStateAsync(purgeInstanceFilter);

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) =>
        this.queries.GetOrchestrationWithQueryAsync(query, cancellationToken);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => this.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses: null!);

    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        OrchestrationInstance instance = creationMessage.OrchestrationInstance;
        CreationClaim? held = await this.claims.TryClaimAsync(
            instance.InstanceId,
            instance.ExecutionId,
            async () => (await this.client.GetOrchestrationStateAsync(instance.InstanceId, allExecutions: false).ConfigureAwait(false)).Any(s => s is not null)).ConfigureAwait(false);
        if (held is not null)
        {
            throw new OrchestrationAlreadyExistsException(
                $"An instance with id {instance.InstanceId} is being created by another caller (claimed at {held.ClaimedAt:O}).");
        }

        try
        {
            await this.client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OrchestrationAlreadyExistsException)
        {
            // Nothing was created: free the id for the next caller rather than hold it until stale.
            await this.claims.ReleaseAsync(instance.InstanceId, instance.ExecutionId).ConfigureAwait(false);
            throw;
        }
    }

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => this.client.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => this.client.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        this.client.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => this.client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        this.client.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) =>
        this.client.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) =>
        this.client.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        this.client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    private static bool IsTerminal(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;
}
