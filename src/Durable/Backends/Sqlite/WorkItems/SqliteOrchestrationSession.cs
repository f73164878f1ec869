using DurableTask.Core;

namespace ScriptHarness.Durable.Backends.Sqlite.WorkItems;

/// <summary>
/// An extended session: the instance stays locked (lock renewed by the heartbeat) and its
/// orchestrator stays in the dispatcher's memory while it waits for new messages, so the next
/// episode needs no history load and no replay.
/// </summary>
internal sealed class SqliteOrchestrationSession(SqliteOrchestrationService service, SqliteOrchestrationWorkItem workItem) : IOrchestrationSession
{
    public Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem ignored) =>
        service.FetchSessionMessagesAsync(workItem);

    public Task EndSessionAsync() => service.ReleaseInstanceLockAsync(workItem);
}
