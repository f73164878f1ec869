using System.Threading.Channels;
using DurableTask.Core;
using DurableTask.Core.History;

namespace ScriptHarness.Durable.Backends.InMemory;

/// <summary>
/// A small in-memory DTFx orchestration service: one ready queue of instance ids (an instance is
/// locked while the dispatcher holds it, so its messages are processed in order by one worker at
/// a time), one activity queue, timers as delayed enqueues. Concurrency is ours to set and the
/// history of every instance is kept until purged, so tests can assert on it.
/// </summary>
internal sealed partial class InMemoryOrchestrationService : IOrchestrationService, IDisposable
{
    /// <summary>
    /// In-memory locks never expire (a process that dies loses the whole store anyway), and
    /// DTFx starts no lock-renewal task for a work item locked until <see cref="DateTime.MaxValue"/>.
    /// </summary>
    private static readonly DateTime LockedForever = DateTime.MaxValue;

    private readonly Lock gate = new();
    private readonly Dictionary<string, InMemoryInstance> instances = new(StringComparer.Ordinal);
    private readonly Channel<string> readyInstances = Channel.CreateUnbounded<string>();
    private readonly Channel<TaskActivityWorkItem> activities = Channel.CreateUnbounded<TaskActivityWorkItem>();
    private readonly CancellationTokenSource disposed = new();
    private readonly CancellationToken shutdown;
    private readonly InMemoryBackendOptions options;

    public InMemoryOrchestrationService(InMemoryBackendOptions options)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.shutdown = this.disposed.Token;
    }

    public int TaskOrchestrationDispatcherCount => 1;

    public int MaxConcurrentTaskOrchestrationWorkItems => this.options.MaxConcurrentOrchestrations;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    public int TaskActivityDispatcherCount => 1;

    public int MaxConcurrentTaskActivityWorkItems => this.options.MaxConcurrentActivities;

    public Task StartAsync() => Task.CompletedTask;

    public Task StopAsync() => Task.CompletedTask;

    public Task StopAsync(bool isForced) => Task.CompletedTask;

    public Task CreateAsync() => Task.CompletedTask;

    public Task CreateAsync(bool recreateInstanceStore)
    {
        if (recreateInstanceStore)
        {
            lock (this.gate)
            {
                this.instances.Clear();
            }
        }

        return Task.CompletedTask;
    }

    public Task CreateIfNotExistsAsync() => Task.CompletedTask;

    public Task DeleteAsync() => this.CreateAsync(recreateInstanceStore: true);

    public Task DeleteAsync(bool deleteInstanceStore) => this.CreateAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 0;

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(receiveTimeout);
        while (true)
        {
            string instanceId;
            try
            {
                instanceId = await this.readyInstances.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // DTFx expects null when nothing arrived in time or the worker is stopping.
                return null!;
            }

            lock (this.gate)
            {
                if (!this.instances.TryGetValue(instanceId, out InMemoryInstance? instance))
                {
                    continue;
                }

                instance.Queued = false;
                if (instance.Locked || instance.Inbox.Count == 0)
                {
                    continue;
                }

                instance.Locked = true;
                List<TaskMessage> messages = TakeInbox(instance);
                return new TaskOrchestrationWorkItem
                {
                    InstanceId = instanceId,
                    OrchestrationRuntimeState = new OrchestrationRuntimeState([.. instance.History]),
                    NewMessages = messages,
                    LockedUntilUtc = LockedForever,
                    Session = this.options.ExtendedSessionsEnabled ? new InMemorySession(this) : null,
                };
            }
        }
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
    {
        workItem.LockedUntilUtc = LockedForever;
        return Task.CompletedTask;
    }

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        lock (this.gate)
        {
            if (!this.instances.TryGetValue(workItem.InstanceId, out InMemoryInstance? instance))
            {
                // Purged while the dispatcher held it: nothing to checkpoint into.
                return Task.CompletedTask;
            }

            if (newOrchestrationRuntimeState is not null)
            {
                instance.History = [.. newOrchestrationRuntimeState.Events];
            }

            if (orchestrationState is not null)
            {
                instance.State = orchestrationState;
            }

            foreach (TaskMessage message in outboundMessages ?? [])
            {
                this.activities.Writer.TryWrite(new TaskActivityWorkItem
                {
                    Id = Guid.NewGuid().ToString("N"),
                    TaskMessage = message,
                    LockedUntilUtc = LockedForever,
                });
            }

            foreach (TaskMessage message in orchestratorMessages ?? [])
            {
                this.DeliverLocked(message);
            }

            foreach (TaskMessage message in timerMessages ?? [])
            {
                this.ScheduleTimer(message);
            }

            if (continuedAsNewMessage is not null)
            {
                instance.History = [];
                instance.Inbox.Insert(0, continuedAsNewMessage);
            }

            // An extended session keeps the lock until the dispatcher releases the work item.
            if (workItem.Session is null)
            {
                instance.Locked = false;
                this.OfferLocked(instance);
            }
        }

        return Task.CompletedTask;
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        lock (this.gate)
        {
            if (this.instances.TryGetValue(workItem.InstanceId, out InMemoryInstance? instance))
            {
                instance.AbandonPending = true;
            }
        }

        _ = this.ReturnAfterDelayAsync(workItem);
        return Task.CompletedTask;
    }

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        if (workItem.Session is null)
        {
            return Task.CompletedTask;
        }

        lock (this.gate)
        {
            // An abandoned work item is unlocked when its messages are back, not before.
            if (this.instances.TryGetValue(workItem.InstanceId, out InMemoryInstance? instance) && !instance.AbandonPending)
            {
                instance.Locked = false;
                instance.SessionWaiter = null;
                this.OfferLocked(instance);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for the next messages of an extended session; null ends the session.</summary>
    internal async Task<IList<TaskMessage>?> FetchSessionMessagesAsync(TaskOrchestrationWorkItem workItem)
    {
        Task arrived;
        lock (this.gate)
        {
            if (!this.instances.TryGetValue(workItem.InstanceId, out InMemoryInstance? instance))
            {
                return null;
            }

            if (instance.Inbox.Count > 0)
            {
                return TakeInbox(instance);
            }

            instance.SessionWaiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived = instance.SessionWaiter.Task;
        }

        await Task.WhenAny(arrived, Task.Delay(this.options.ExtendedSessionIdleTimeout, this.shutdown)).ConfigureAwait(false);
        lock (this.gate)
        {
            if (!this.instances.TryGetValue(workItem.InstanceId, out InMemoryInstance? instance))
            {
                return null;
            }

            instance.SessionWaiter = null;
            return instance.Inbox.Count > 0 && !this.shutdown.IsCancellationRequested ? TakeInbox(instance) : null;
        }
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(receiveTimeout);
        try
        {
            TaskActivityWorkItem workItem = await this.activities.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            workItem.LockedUntilUtc = LockedForever;
            return workItem;
        }
        catch (OperationCanceledException)
        {
            return null!;
        }
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        workItem.LockedUntilUtc = LockedForever;
        return Task.FromResult(workItem);
    }

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        lock (this.gate)
        {
            this.DeliverLocked(responseMessage);
        }

        return Task.CompletedTask;
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        this.activities.Writer.TryWrite(workItem);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        this.disposed.Cancel();
        this.disposed.Dispose();
    }

    /// <summary>Adds a message to its instance's inbox; a start message creates the instance.</summary>
    private void DeliverLocked(TaskMessage message)
    {
        string instanceId = message.OrchestrationInstance.InstanceId;
        if (message.Event is ExecutionStartedEvent started)
        {
            // A sub-orchestration start: refused like any start when the id exists, in any
            // status (never a second run); the parent learns of it instead of waiting forever.
            if (this.instances.TryGetValue(instanceId, out InMemoryInstance? existing))
            {
                this.RefuseSubOrchestrationLocked(started, existing);
                return;
            }

            this.instances[instanceId] = new InMemoryInstance(PendingState(started));
        }

        this.AppendLocked(instanceId, message);
    }

    private void RefuseSubOrchestrationLocked(ExecutionStartedEvent started, InMemoryInstance existing)
    {
        if (started.ParentInstance is not { } parent)
        {
            return;
        }

        string reason = $"An orchestration with instance id '{started.OrchestrationInstance.InstanceId}' already exists ({existing.State.OrchestrationStatus}).";
        this.DeliverLocked(new TaskMessage
        {
            OrchestrationInstance = parent.OrchestrationInstance,
            Event = new SubOrchestrationInstanceFailedEvent(
                -1,
                parent.TaskScheduleId,
                reason,
                details: null,
                new FailureDetails("OrchestrationAlreadyExists", reason, stackTrace: null, innerFailure: null, isNonRetriable: true)),
        });
    }

    private void AppendLocked(string instanceId, TaskMessage message)
    {
        if (!this.instances.TryGetValue(instanceId, out InMemoryInstance? instance))
        {
            // Messages for an unknown instance are dropped, as the durable providers do.
            return;
        }

        instance.Inbox.Add(message);
        if (instance.Locked)
        {
            // Held by an extended session that may be waiting for exactly this.
            instance.SessionWaiter?.TrySetResult();
        }
        else
        {
            this.OfferLocked(instance);
        }
    }

    private static List<TaskMessage> TakeInbox(InMemoryInstance instance)
    {
        List<TaskMessage> messages = [.. instance.Inbox];
        instance.Inbox.Clear();
        return messages;
    }

    private void OfferLocked(InMemoryInstance instance)
    {
        if (!instance.Locked && !instance.Queued && instance.Inbox.Count > 0)
        {
            instance.Queued = true;
            this.readyInstances.Writer.TryWrite(instance.State.OrchestrationInstance.InstanceId);
        }
    }

    private void ScheduleTimer(TaskMessage message)
    {
        DateTime fireAt = message.Event is TimerFiredEvent timer ? timer.FireAt : DateTime.UtcNow;
        _ = this.DeliverAtAsync(message, fireAt);
    }

    private async Task DeliverAtAsync(TaskMessage message, DateTime fireAtUtc, bool append = false)
    {
        // Task.Delay runs on a monotonic clock and may wake a little before the wall-clock due
        // time; a timer must never fire early, so wait again for any remainder.
        for (TimeSpan delay = fireAtUtc - DateTime.UtcNow; delay > TimeSpan.Zero; delay = fireAtUtc - DateTime.UtcNow)
        {
            try
            {
                await Task.Delay(delay + TimeSpan.FromMilliseconds(1), this.shutdown).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        lock (this.gate)
        {
            if (append)
            {
                this.AppendLocked(message.OrchestrationInstance.InstanceId, message);
            }
            else
            {
                this.DeliverLocked(message);
            }
        }
    }

    private async Task ReturnAfterDelayAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            // A rejected work item (e.g. a version this worker does not run) must not spin.
            await Task.Delay(this.options.AbandonDelay, this.shutdown).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (this.gate)
        {
            if (!this.instances.TryGetValue(workItem.InstanceId, out InMemoryInstance? instance))
            {
                return;
            }

            instance.Inbox.InsertRange(0, workItem.NewMessages ?? []);
            instance.AbandonPending = false;
            instance.Locked = false;
            instance.SessionWaiter = null;
            this.OfferLocked(instance);
        }
    }

    private static OrchestrationState PendingState(ExecutionStartedEvent started) => new()
    {
        OrchestrationInstance = started.OrchestrationInstance,
        Name = started.Name,
        Version = started.Version,
        Input = started.Input,
        Tags = started.Tags,
        ParentInstance = started.ParentInstance,
        OrchestrationStatus = OrchestrationStatus.Pending,
        CreatedTime = started.Timestamp,
        LastUpdatedTime = started.Timestamp,
        CompletedTime = DateTime.MinValue,
        ScheduledStartTime = started.ScheduledStartTime,
        Generation = started.Generation,
    };
}
