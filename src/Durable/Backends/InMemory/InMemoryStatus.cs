using DurableTask.Core;

namespace ScriptHarness.Durable.Backends.InMemory;

internal static class InMemoryStatus
{
    public static bool IsTerminal(OrchestrationStatus status) => status is
        OrchestrationStatus.Completed or OrchestrationStatus.Failed or
        OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;
}
