using DurableTask.Core;
using DurableTask.Core.Command;

namespace ScriptHarness.Durable.Middleware;

/// <summary>An execution result that fails the orchestration without running it (set by middleware).</summary>
internal static class OrchestrationFailure
{
    public static OrchestratorExecutionResult Result(OrchestrationRuntimeState state, string errorType, string message) => new()
    {
        Actions =
        [
            new OrchestrationCompleteOrchestratorAction
            {
                Id = state.PastEvents.Count,
                OrchestrationStatus = OrchestrationStatus.Failed,
                Result = message,
                FailureDetails = new FailureDetails(errorType, message, stackTrace: null, innerFailure: null, isNonRetriable: true),
            },
        ],
    };
}
