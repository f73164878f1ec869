using DurableTask.Core;
using DurableTask.Core.Query;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>
/// The Azure Storage provider's client with purge-by-id limited to finished instances, as the
/// SDK's contract says (the provider deletes a running instance's state too: its purge by id
/// does not look at the status, only its purge by filter does). Everything else passes through.
/// </summary>
internal sealed class TerminalOnlyPurgeClient : IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    private readonly IOrchestrationServiceClient client;
    private readonly IOrchestrationServiceQueryClient queries;
    private readonly IOrchestrationServicePurgeClient purges;

    public TerminalOnlyPurgeClient(IOrchestrationServiceClient client)
    {
        this.client = client;
        this.queries = (IOrchestrationServiceQueryClient)client;
        this.purges = (IOrchestrationServicePurgeClient)client;
    }

    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        OrchestrationState? state = await this.client.GetOrchestrationStateAsync(instanceId, executionId: null).ConfigureAwait(false);
        if (state is null || !IsTerminal(state.OrchestrationStatus))
        {
            return new PurgeResult(0);
        }

        return await this.purges.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
    }

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) => this.purges.PurgeInstanceStateAsync(purgeInstanceFilter);

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) =>
        this.queries.GetOrchestrationWithQueryAsync(query, cancellationToken);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => this.client.CreateTaskOrchestrationAsync(creationMessage);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) =>
        this.client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);

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
