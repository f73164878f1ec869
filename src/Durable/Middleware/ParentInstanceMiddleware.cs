using DurableTask.Core;
using DurableTask.Core.Middleware;
using Microsoft.DurableTask;
using ScriptHarness.Durable.Shims;

namespace ScriptHarness.Durable.Middleware;

/// <summary>
/// Orchestration dispatcher middleware that tells a sub-orchestration's shim who its parent is
/// (<c>GetObject</c> sees only a name and version; the runtime state knows the parent).
/// </summary>
internal static class ParentInstanceMiddleware
{
    public static Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        if (context.GetProperty<TaskOrchestration>() is ShimmedOrchestration orchestration
            && context.GetProperty<OrchestrationRuntimeState>()?.ParentInstance is { } parent)
        {
            orchestration.Parent = new ParentOrchestrationInstance(new TaskName(parent.Name), parent.OrchestrationInstance.InstanceId);
        }

        return next();
    }
}
