using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;

namespace ScriptHarness.Durable.Middleware;

/// <summary>
/// Fails a work item whose orchestrator or activity nobody registered, as the SDK's own worker
/// does (<c>OrchestratorTaskNotFound</c>, <c>ActivityTaskNotFound</c>, not retriable). Left to
/// itself DTFx abandons such work items and retries them forever, on the theory that another
/// deployment may have the code; a script run would then hang instead of failing.
/// </summary>
internal static class MissingTaskMiddleware
{
    public const string OrchestratorNotFound = "OrchestratorTaskNotFound";
    public const string ActivityNotFound = "ActivityTaskNotFound";

    public static Task OrchestrationAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<TaskOrchestration>() is null
            && context.GetProperty<OrchestrationRuntimeState>() is { } state)
        {
            context.SetProperty(OrchestrationFailure.Result(state, OrchestratorNotFound, $"No orchestrator task named '{state.Name}' was found."));
            return Task.CompletedTask;
        }

        return next();
    }

    public static Task ActivityAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<TaskActivity>() is null
            && context.GetProperty<TaskScheduledEvent>() is { } scheduled)
        {
            string message = $"No activity task named '{scheduled.Name}' was found.";
            FailureDetails failure = new(ActivityNotFound, message, stackTrace: null, innerFailure: null, isNonRetriable: true);
            context.SetProperty(new ActivityExecutionResult { ResponseEvent = new TaskFailedEvent(-1, scheduled.EventId, message, null, failure) });
            return Task.CompletedTask;
        }

        return next();
    }
}
