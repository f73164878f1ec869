using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.History;
using ScriptHarness.Durable.Telemetry;

namespace ScriptHarness.Durable.Middleware;

/// <summary>
/// Acts on the verdicts of a backend that counts episodes in a decorator (Azure Storage): a
/// quarantined instance is failed with <see cref="PoisonQuarantine.ErrorType"/> without running
/// its orchestrator (the dispatcher then records the failure, ends the instance and fails a
/// parent's call, as for any failed orchestration); a suspect or quarantined instance with a
/// terminate waiting is terminated without running (a forced terminate of a poison run); a
/// suspect (in flight when a worker died) runs
/// alone among this process's suspects, so that one poison run cannot charge the others again.
/// With no verdict, nothing changes (SQLite and in-memory never set one).
/// </summary>
internal sealed class PoisonGateMiddleware(EpisodeVerdicts verdicts)
{
    private readonly SemaphoreSlim suspects = new(1, 1);

    public async Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        OrchestrationRuntimeState? state = context.GetProperty<OrchestrationRuntimeState>();
        string? instanceId = state?.OrchestrationInstance?.InstanceId;
        if (state is null || instanceId is null || !verdicts.TryTake(instanceId, out EpisodeVerdict verdict, out int attempts))
        {
            await next().ConfigureAwait(false);
            return;
        }

        // DTFx replays the start (running the orchestrator's code) before it applies a terminate
        // in the same batch, so a suspect's terminate would die with it: apply it without running.
        if (state.NewEvents.OfType<ExecutionTerminatedEvent>().FirstOrDefault() is { } terminated)
        {
            context.SetProperty(Terminated(state, terminated));
            return;
        }

        if (verdict == EpisodeVerdict.Quarantine)
        {
            context.SetProperty(OrchestrationFailure.Result(state, PoisonQuarantine.ErrorType, PoisonQuarantine.Message(instanceId, attempts)));
            DurableMetrics.Quarantined("azureStorage");
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

    private static OrchestratorExecutionResult Terminated(OrchestrationRuntimeState state, ExecutionTerminatedEvent terminated) => new()
    {
        Actions =
        [
            new OrchestrationCompleteOrchestratorAction
            {
                Id = state.PastEvents.Count,
                OrchestrationStatus = OrchestrationStatus.Terminated,
                Result = terminated.Input,
            },
        ],
    };
}
