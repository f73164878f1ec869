using DurableTask.Core;
using DurableTask.Core.Middleware;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.History;

namespace ScriptHarness.Durable.Middleware;

/// <summary>
/// Acts on the verdicts of a backend that counts episodes in a decorator (Azure Storage): a
/// quarantined instance is failed with <see cref="PoisonQuarantine.ErrorType"/> without running
/// its orchestrator (the dispatcher then records the failure, ends the instance and fails a
/// parent's call, as for any failed orchestration); a suspect (in flight when a worker died) runs
/// alone among this process's suspects, so that one poison run cannot charge the others again.
/// With no verdict, nothing changes (SQLite and in-memory never set one).
/// </summary>
internal sealed class PoisonGateMiddleware(EpisodeVerdicts verdicts)
{
    readonly SemaphoreSlim suspects = new(1, 1);

    public async Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        OrchestrationRuntimeState? state = context.GetProperty<OrchestrationRuntimeState>();
        string? instanceId = state?.OrchestrationInstance?.InstanceId;
        if (state is null || instanceId is null || !verdicts.TryTake(instanceId, out EpisodeVerdict verdict, out int attempts))
        {
            await next().ConfigureAwait(false);
            return;
        }

        if (verdict == EpisodeVerdict.Quarantine)
        {
            context.SetProperty(OrchestrationFailure.Result(state, PoisonQuarantine.ErrorType, PoisonQuarantine.Message(instanceId, attempts)));
            return;
        }

        await this.suspects.WaitAsync().ConfigureAwait(false);
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            this.suspects.Release();
        }
    }
}
