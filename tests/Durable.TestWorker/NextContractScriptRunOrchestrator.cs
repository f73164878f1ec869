using Microsoft.DurableTask;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Tests.Durable.TestWorker;

/// <summary>
/// A stand-in for the next release's run orchestrator, built the way a real contract bump is:
/// the newer contract changes the action sequence (it schedules <see cref="MarkerActivity"/>
/// before the script), and the older contract's path is kept unchanged beside it (a run of the
/// older contract goes straight to the build's orchestrator). A run of the older contract that
/// replayed on the newer path would meet the marker where its history has the script's first
/// action and fail with non-determinism; one that completes shows it took its own path.
/// </summary>
public sealed class NextContractScriptRunOrchestrator(ToolRegistry tools, int newest) : TaskOrchestrator<ScriptRunInput, ScriptRunOutput>
{
    /// <summary>The activity only the newer contract schedules; it records <c>marker {instance} {pid}</c>.</summary>
    public const string MarkerActivity = "TestWorker.NextContractMarker";

    /// <inheritdoc />
    public override async Task<ScriptRunOutput> RunAsync(TaskOrchestrationContext context, ScriptRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ReplayContract.Require(context.Version, ReplayContract.Oldest, newest) == newest)
        {
            await context.CallActivityAsync<string>(MarkerActivity, context.InstanceId);
        }

        return await new ScriptRunOrchestrator(tools, newest).RunAsync(context, input);
    }
}
