using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using CoreOrchestrationQuery = DurableTask.Core.Query.OrchestrationQuery;
using CorePurgeResult = DurableTask.Core.PurgeResult;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace ScriptHarness.Durable.Client;

/// <summary>
/// The SDK's <see cref="DurableTaskClient"/> over DTFx's <see cref="TaskHubClient"/> and the
/// backend's client interfaces. Scheduling refuses an instance id that exists in any status (a
/// second run never starts); waits poll from 25 ms backing off to 1 s. Members the product does
/// not use throw <see cref="NotSupportedException"/> naming the member.
/// </summary>
public sealed class TaskHubDurableTaskClient : DurableTaskClient
{
    /// <summary>Every DTFx status: an existing instance in any of them blocks a new start.</summary>
    static readonly OrchestrationStatus[] AllStatuses = Enum.GetValues<OrchestrationStatus>();

    readonly IOrchestrationServiceClient serviceClient;
    readonly TaskHubClient taskHubClient;
    readonly DataConverter dataConverter;
    readonly string defaultVersion;

    /// <summary>Creates the client.</summary>
    /// <param name="serviceClient">The backend's client side.</param>
    /// <param name="dataConverter">The SDK data converter the worker's shims use.</param>
    /// <param name="defaultVersion">Version given to orchestrations scheduled without one.</param>
    public TaskHubDurableTaskClient(IOrchestrationServiceClient serviceClient, DataConverter dataConverter, string? defaultVersion = null)
        : base("scriptharness")
    {
        this.serviceClient = serviceClient ?? throw new ArgumentNullException(nameof(serviceClient));
        this.dataConverter = dataConverter ?? throw new ArgumentNullException(nameof(dataConverter));
        this.defaultVersion = defaultVersion ?? string.Empty;
        this.taskHubClient = new TaskHubClient(serviceClient, new SdkDataConverterBridge(dataConverter));
    }

    /// <inheritdoc />
    /// <remarks>
    /// An instance id that exists in any status is refused with DTFx's
    /// <c>OrchestrationAlreadyExistsException</c> (an <see cref="InvalidOperationException"/>),
    /// whatever <see cref="StartOrchestrationOptions.DedupeStatuses"/> says.
    /// </remarks>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        string instanceId = string.IsNullOrEmpty(options?.InstanceId) ? Guid.NewGuid().ToString("N") : options.InstanceId;
        string version = options?.Version?.Version is { Length: > 0 } v ? v : this.defaultVersion;
        Dictionary<string, string>? tags = options?.Tags is { Count: > 0 } t ? new Dictionary<string, string>(t) : null;
        if (options?.StartAt is DateTimeOffset startAt)
        {
            await this.taskHubClient.CreateOrchestrationInstanceAsync(
                orchestratorName.Name, version, instanceId, input, tags, AllStatuses, startAt.UtcDateTime).ConfigureAwait(false);
        }
        else
        {
            await this.taskHubClient.CreateOrchestrationInstanceAsync(
                orchestratorName.Name, version, instanceId, input, tags, AllStatuses).ConfigureAwait(false);
        }

        return instanceId;
    }

    /// <inheritdoc />
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return this.taskHubClient.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!);
    }

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <inheritdoc />
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (options?.Recursive == true)
        {
            throw Unsupported($"{nameof(TerminateInstanceAsync)} with {nameof(TerminateInstanceOptions.Recursive)}");
        }

        string? reason = options?.Output is null ? null : this.dataConverter.Serialize(options.Output);
        await this.taskHubClient.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason!).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.taskHubClient.SuspendInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.taskHubClient.ResumeInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

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

        if (state.OrchestrationStatus == OrchestrationStatus.Failed && state.FailureDetails is null)
        {
            state.FailureDetails = await this.FailureFromHistoryAsync(instanceId).ConfigureAwait(false);
        }

        return OrchestrationStateMapper.ToMetadata(state, this.dataConverter, getInputsAndOutputs);
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
                .Select(s => OrchestrationStateMapper.ToMetadata(s, this.dataConverter, query.FetchInputsAndOutputs))
                .ToList();
            return new Page<OrchestrationMetadata>(values, string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });
    }

    /// <inheritdoc />
    /// <remarks>Only instances in a terminal status are purged.</remarks>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        RefuseRecursive(options, nameof(PurgeInstanceAsync));
        CorePurgeResult result = await this.PurgeClient(nameof(PurgeInstanceAsync)).PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <inheritdoc />
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        RefuseRecursive(options, nameof(PurgeAllInstancesAsync));
        PurgeInstanceFilter coreFilter = new(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(OrchestrationStateMapper.ToCoreStatus).ToList());
        CorePurgeResult result = await this.PurgeClient(nameof(PurgeAllInstancesAsync)).PurgeInstanceStateAsync(coreFilter).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
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

    /// <inheritdoc />
    public override Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default) =>
        throw Unsupported(nameof(RestartAsync));

    /// <inheritdoc />
    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default) =>
        throw Unsupported(nameof(RewindInstanceAsync));

    /// <inheritdoc />
    public override Microsoft.DurableTask.Client.Entities.DurableEntityClient Entities => throw Unsupported(nameof(this.Entities));

    /// <inheritdoc />
    public override Task<Page<string>> ListInstanceIdsAsync(
        IEnumerable<OrchestrationRuntimeStatus>? runtimeStatus = null,
        DateTimeOffset? completedTimeFrom = null,
        DateTimeOffset? completedTimeTo = null,
        int pageSize = Microsoft.DurableTask.Client.OrchestrationQuery.DefaultPageSize,
        string? lastInstanceKey = null,
        CancellationToken cancellation = default) =>
        throw Unsupported(nameof(ListInstanceIdsAsync));

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static NotSupportedException Unsupported(string member) =>
        new($"{nameof(TaskHubDurableTaskClient)}.{member} is not supported by the ScriptHarness durable client.");

    static void RefuseRecursive(PurgeInstanceOptions? options, string member)
    {
        if (options?.Recursive == true)
        {
            throw Unsupported($"{member} with {nameof(PurgeInstanceOptions.Recursive)}");
        }
    }

    IOrchestrationServicePurgeClient PurgeClient(string member) =>
        this.serviceClient as IOrchestrationServicePurgeClient ?? throw Unsupported($"{member} on a backend without a purge client");

    async Task<FailureDetails?> FailureFromHistoryAsync(string instanceId)
    {
        IList<HistoryEvent> history = await this.GetOrchestrationHistoryAsync(instanceId).ConfigureAwait(false);
        return history.OfType<ExecutionCompletedEvent>().LastOrDefault()?.FailureDetails;
    }

    async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        TimeSpan delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            OrchestrationMetadata? metadata = await this.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(delay, cancellation).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }
}
