using DurableTask.Core;

namespace ScriptHarness.Tests.Durable.Hosting;

/// <summary>
/// An inner service for decorator tests: one dispatcher of each kind, and every operation
/// unsupported until a test overrides the ones its decorator calls.
/// </summary>
internal abstract class UnusedOrchestrationService : IOrchestrationService
{
    public int TaskOrchestrationDispatcherCount => 1;
    public int MaxConcurrentTaskOrchestrationWorkItems => 1;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;
    public int TaskActivityDispatcherCount => 1;
    public int MaxConcurrentTaskActivityWorkItems => 1;

    public virtual Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();
    public virtual Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => throw new NotSupportedException();
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => throw new NotSupportedException();
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();
    public virtual Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState, IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages, TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) => throw new NotSupportedException();
    public Task CreateAsync() => throw new NotSupportedException();
    public Task CreateAsync(bool recreateInstanceStore) => throw new NotSupportedException();
    public Task CreateIfNotExistsAsync() => throw new NotSupportedException();
    public Task DeleteAsync() => throw new NotSupportedException();
    public Task DeleteAsync(bool deleteInstanceStore) => throw new NotSupportedException();
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => 0;
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => throw new NotSupportedException();
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => throw new NotSupportedException();
    public Task StartAsync() => throw new NotSupportedException();
    public Task StopAsync() => throw new NotSupportedException();
    public Task StopAsync(bool isForced) => throw new NotSupportedException();
}
