using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Newtonsoft.Json;

namespace ScriptHarness.Durable.Backends.InMemory;

/// <summary>The client side: create, message, query, history and purge.</summary>
internal sealed partial class InMemoryOrchestrationService : IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) =>
        this.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses: null!);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        if (creationMessage.Event is not ExecutionStartedEvent started)
        {
            throw new ArgumentException("A creation message carries an ExecutionStartedEvent.", nameof(creationMessage));
        }

        string instanceId = creationMessage.OrchestrationInstance.InstanceId;
        lock (this.gate)
        {
            // No dedupe statuses means every existing instance blocks a new one.
            if (this.instances.TryGetValue(instanceId, out InMemoryInstance? existing)
                && (dedupeStatuses is null || dedupeStatuses.Contains(existing.State.OrchestrationStatus)))
            {
                throw new OrchestrationAlreadyExistsException(
                    $"An orchestration with instance id '{instanceId}' already exists ({existing.State.OrchestrationStatus}).");
            }

            this.instances[instanceId] = new InMemoryInstance(PendingState(started));
            if (started.ScheduledStartTime is DateTime startAt && startAt > DateTime.UtcNow)
            {
                _ = this.DeliverAtAsync(creationMessage, startAt, append: true);
            }
            else
            {
                this.AppendLocked(instanceId, creationMessage);
            }
        }

        return Task.CompletedTask;
    }

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message)
    {
        lock (this.gate)
        {
            this.DeliverLocked(message);
        }

        return Task.CompletedTask;
    }

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages)
    {
        lock (this.gate)
        {
            foreach (TaskMessage message in messages)
            {
                this.DeliverLocked(message);
            }
        }

        return Task.CompletedTask;
    }

    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            OrchestrationState? state = this.Snapshot(instanceId);
            if (state is not null && InMemoryStatus.IsTerminal(state.OrchestrationStatus))
            {
                return state;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null!;
            }
        }
    }

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) =>
        this.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = new ExecutionTerminatedEvent(-1, reason),
        });

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
    {
        OrchestrationState? state = this.Snapshot(instanceId);
        return Task.FromResult<IList<OrchestrationState>>(state is null ? [] : [state]);
    }

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
    {
        OrchestrationState? state = this.Snapshot(instanceId);
        bool matches = state is not null
            && (executionId is null || executionId == state.OrchestrationInstance.ExecutionId);
        return Task.FromResult(matches ? state! : null!);
    }

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
    {
        List<HistoryEvent> history;
        lock (this.gate)
        {
            history = this.instances.TryGetValue(instanceId, out InMemoryInstance? instance)
                && (executionId is null || executionId == instance.State.OrchestrationInstance.ExecutionId)
                ? [.. instance.History]
                : [];
        }

        // Serialized the way the Azure Storage provider does (Newtonsoft, no type names), so the
        // client's one history reader serves every backend.
        return Task.FromResult(JsonConvert.SerializeObject(history));
    }

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        lock (this.gate)
        {
            foreach (InMemoryInstance instance in this.instances.Values.Where(i => i.IsTerminal).ToList())
            {
                DateTime time = timeRangeFilterType switch
                {
                    OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => instance.State.CompletedTime,
                    OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => instance.State.LastUpdatedTime,
                    _ => instance.State.CreatedTime,
                };
                if (time < thresholdDateTimeUtc)
                {
                    this.instances.Remove(instance.State.OrchestrationInstance.InstanceId);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        List<OrchestrationState> page;
        string? continuation;
        lock (this.gate)
        {
            // Ordered by instance id so a continuation token (the last id returned) stays valid
            // while instances are added.
            List<OrchestrationState> matching = this.instances.Values
                .Select(i => i.State)
                .Where(s => Matches(query, s))
                .Where(s => query.ContinuationToken is null || string.CompareOrdinal(s.OrchestrationInstance.InstanceId, query.ContinuationToken) > 0)
                .OrderBy(s => s.OrchestrationInstance.InstanceId, StringComparer.Ordinal)
                .Take(query.PageSize + 1)
                .ToList();
            bool more = matching.Count > query.PageSize;
            page = [.. matching.Take(query.PageSize)];
            continuation = more ? page[^1].OrchestrationInstance.InstanceId : null;
        }

        return Task.FromResult(new OrchestrationQueryResult(page, continuation));
    }

    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        lock (this.gate)
        {
            bool purged = this.instances.TryGetValue(instanceId, out InMemoryInstance? instance)
                && instance.IsTerminal
                && this.instances.Remove(instanceId);
            return Task.FromResult(new PurgeResult(purged ? 1 : 0));
        }
    }

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        lock (this.gate)
        {
            List<string> doomed = this.instances.Values
                .Where(i => i.IsTerminal)
                .Select(i => i.State)
                .Where(s => s.CreatedTime >= purgeInstanceFilter.CreatedTimeFrom
                    && (purgeInstanceFilter.CreatedTimeTo is null || s.CreatedTime <= purgeInstanceFilter.CreatedTimeTo)
                    && (purgeInstanceFilter.RuntimeStatus is null || !purgeInstanceFilter.RuntimeStatus.Any() || purgeInstanceFilter.RuntimeStatus.Contains(s.OrchestrationStatus)))
                .Select(s => s.OrchestrationInstance.InstanceId)
                .ToList();
            foreach (string id in doomed)
            {
                this.instances.Remove(id);
            }

            return Task.FromResult(new PurgeResult(doomed.Count));
        }
    }

    private OrchestrationState? Snapshot(string instanceId)
    {
        lock (this.gate)
        {
            return this.instances.TryGetValue(instanceId, out InMemoryInstance? instance) ? instance.State : null;
        }
    }

    private static bool Matches(OrchestrationQuery query, OrchestrationState state) =>
        (query.RuntimeStatus is null || query.RuntimeStatus.Count == 0 || query.RuntimeStatus.Contains(state.OrchestrationStatus))
        && (query.CreatedTimeFrom is null || state.CreatedTime >= query.CreatedTimeFrom)
        && (query.CreatedTimeTo is null || state.CreatedTime <= query.CreatedTimeTo)
        && (string.IsNullOrEmpty(query.InstanceIdPrefix) || state.OrchestrationInstance.InstanceId.StartsWith(query.InstanceIdPrefix, StringComparison.Ordinal));
}
