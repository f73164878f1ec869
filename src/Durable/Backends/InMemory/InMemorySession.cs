using DurableTask.Core;

namespace ScriptHarness.Durable.Backends.InMemory;

/// <summary>
/// An extended session: the instance stays locked to one dispatcher, which keeps the
/// orchestration in memory and asks here for the next messages instead of replaying.
/// </summary>
internal sealed class InMemorySession(InMemoryOrchestrationService service) : IOrchestrationSession
{
    public Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem) =>
        service.FetchSessionMessagesAsync(workItem);

    public Task EndSessionAsync() => Task.CompletedTask;
}
