using DurableTask.Core;

namespace ScriptHarness.Durable.Backends;

/// <summary>
/// Base of <see cref="IOrchestrationService"/> decorators: every member passes to
/// <see cref="Inner"/>; a decorator overrides the few it changes. Entity dispatch is not
/// exposed (the harness uses no entities).
/// </summary>
public abstract class DelegatingOrchestrationService : IOrchestrationService
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected DelegatingOrchestrationService(IOrchestrationService inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        this.Inner = inner;
    }

    /// <summary>The decorated service.</summary>
    public IOrchestrationService Inner { get; }

    /// <inheritdoc />
    public virtual int TaskOrchestrationDispatcherCount => this.Inner.TaskOrchestrationDispatcherCount;

    /// <inheritdoc />
    public virtual int MaxConcurrentTaskOrchestrationWorkItems => this.Inner.MaxConcurrentTaskOrchestrationWorkItems;

    /// <inheritdoc />
    public virtual BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => this.Inner.EventBehaviourForContinueAsNew;

    /// <inheritdoc />
    public virtual int TaskActivityDispatcherCount => this.Inner.TaskActivityDispatcherCount;

    /// <inheritdoc />
    public virtual int MaxConcurrentTaskActivityWorkItems => this.Inner.MaxConcurrentTaskActivityWorkItems;

    /// <inheritdoc />
    public virtual Task StartAsync() => this.Inner.StartAsync();

    /// <inheritdoc />
    public virtual Task StopAsync() => this.Inner.StopAsync();

    /// <inheritdoc />
    public virtual Task StopAsync(bool isForced) => this.Inner.StopAsync(isForced);

    /// <inheritdoc />
    public virtual Task CreateAsync() => this.Inner.CreateAsync();

    /// <inheritdoc />
    public virtual Task CreateAsync(bool recreateInstanceStore) => this.Inner.CreateAsync(recreateInstanceStore);

    /// <inheritdoc />
    public virtual Task CreateIfNotExistsAsync() => this.Inner.CreateIfNotExistsAsync();

    /// <inheritdoc />
    public virtual Task DeleteAsync() => this.Inner.DeleteAsync();

    /// <inheritdoc />
    public virtual Task DeleteAsync(bool deleteInstanceStore) => this.Inner.DeleteAsync(deleteInstanceStore);

    /// <inheritdoc />
    public virtual bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        this.Inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    /// <inheritdoc />
    public virtual int GetDelayInSecondsAfterOnProcessException(Exception exception) => this.Inner.GetDelayInSecondsAfterOnProcessException(exception);

    /// <inheritdoc />
    public virtual int GetDelayInSecondsAfterOnFetchException(Exception exception) => this.Inner.GetDelayInSecondsAfterOnFetchException(exception);

    /// <inheritdoc />
    public virtual Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        this.Inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public virtual Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => this.Inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public virtual Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        this.Inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

    /// <inheritdoc />
    public virtual Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => this.Inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public virtual Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => this.Inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    /// <inheritdoc />
    public virtual Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        this.Inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    /// <inheritdoc />
    public virtual Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => this.Inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <inheritdoc />
    public virtual Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        this.Inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    /// <inheritdoc />
    public virtual Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => this.Inner.AbandonTaskActivityWorkItemAsync(workItem);
}
