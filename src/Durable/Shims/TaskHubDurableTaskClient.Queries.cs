using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using CoreOrchestrationQuery = DurableTask.Core.Query.OrchestrationQuery;

namespace ScriptHarness.Durable.Shims;

/// <summary>Reading instances, queries and history.</summary>
public sealed partial class TaskHubDurableTaskClient
{
    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        IList<OrchestrationState> states = await this.serviceClient.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        OrchestrationState? state = states?.FirstOrDefault();
        if (state is null)
        {
            return null;
        }

        // Some providers keep only a failure's message in the instance row; the history has the
        // structured details. (The state object may be the provider's own: never mutate it.)
        FailureDetails? failure = state.FailureDetails;
        if (state.OrchestrationStatus == OrchestrationStatus.Failed && failure is null)
        {
            failure = await this.FailureFromHistoryAsync(instanceId).ConfigureAwait(false);
        }

        return OrchestrationStateMapper.ToMetadata(state, this.dataConverter, getInputsAndOutputs, failure);
    }

    /// <inheritdoc />
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(Microsoft.DurableTask.Client.OrchestrationQuery? filter = null)
    {
        IOrchestrationServiceQueryClient queries = this.serviceClient as IOrchestrationServiceQueryClient
            ?? throw Unsupported($"{nameof(GetAllInstancesAsync)} on a backend without a query client");
        return Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            CoreOrchestrationQuery query = new()
            {
                RuntimeStatus = filter?.Statuses?.Select(OrchestrationStateMapper.ToCoreStatus).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? Microsoft.DurableTask.Client.OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            OrchestrationQueryResult result = await queries.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            List<OrchestrationMetadata> values = result.OrchestrationState
                .Select(s => OrchestrationStateMapper.ToMetadata(s, this.dataConverter, query.FetchInputsAndOutputs, s.FailureDetails))
                .ToList();
            return new Page<OrchestrationMetadata>(values, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });
    }

    /// <inheritdoc />
    /// <remarks>The history of the current execution, as DTFx events; see <see cref="HistoryEventMapper"/> for the audit shape.</remarks>
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        string json = await this.serviceClient.GetOrchestrationHistoryAsync(instanceId, null!).ConfigureAwait(false);
        return StoredHistoryReader.Read(json);
    }

    /// <summary>The history of an instance in the audit shape.</summary>
    public async Task<IReadOnlyList<DurableHistoryEvent>> GetAuditHistoryAsync(string instanceId, CancellationToken cancellation = default) =>
        HistoryEventMapper.Map(await this.GetOrchestrationHistoryAsync(instanceId, cancellation).ConfigureAwait(false));

    private async Task<FailureDetails?> FailureFromHistoryAsync(string instanceId)
    {
        IList<HistoryEvent> history = await this.GetOrchestrationHistoryAsync(instanceId).ConfigureAwait(false);
        return history.OfType<ExecutionCompletedEvent>().LastOrDefault()?.FailureDetails;
    }
}
