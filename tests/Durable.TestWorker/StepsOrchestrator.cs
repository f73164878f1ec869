using Microsoft.DurableTask;

namespace ScriptHarness.Tests.Durable.TestWorker;

/// <summary>Input of <see cref="StepsOrchestrator"/>.</summary>
/// <param name="Steps">How many activities to call, one after the other.</param>
/// <param name="WaitForEventBeforeStep">Before this step (from 0), wait for the <c>go</c> event; -1 never.</param>
public sealed record StepsInput(int Steps, int WaitForEventBeforeStep = -1);

/// <summary>
/// Calls <see cref="EffectActivity"/> once per step with the idempotency key
/// <c>{instanceId}/{step}</c>, optionally waiting for an external event on the way.
/// </summary>
public sealed class StepsOrchestrator : TaskOrchestrator<StepsInput, int>
{
    /// <summary>The external event the orchestration waits for.</summary>
    public const string GoEvent = "go";

    /// <summary>The custom status while the orchestration waits for <see cref="GoEvent"/>.</summary>
    public const string WaitingStatus = "waiting";

    /// <inheritdoc />
    public override async Task<int> RunAsync(TaskOrchestrationContext context, StepsInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        for (int step = 0; step < input.Steps; step++)
        {
            if (step == input.WaitForEventBeforeStep)
            {
                // Persisted with the checkpoint: a client that reads it knows the wait is durable.
                context.SetCustomStatus(WaitingStatus);
                await context.WaitForExternalEvent<string>(GoEvent);
                context.SetCustomStatus(null);
            }

            await context.CallActivityAsync<string>(nameof(EffectActivity), EffectActivity.KeyOf(context.InstanceId, step));
        }

        return input.Steps;
    }
}
