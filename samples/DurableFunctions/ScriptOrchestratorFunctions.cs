using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Turns;

namespace ScriptHarness.Samples.DurableFunctions;

/// <summary>The harness's two orchestrators as orchestrator functions, under the names the turn and the client call them by.</summary>
public sealed class ScriptOrchestratorFunctions(ToolRegistry tools)
{
    /// <summary>A turn: one <c>ScriptRun</c> sub-orchestration per block, in order.</summary>
    [Function(OrchestratorNames.ScriptTurn)]
    public Task<ScriptTurnOutput> ScriptTurn([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ScriptTurnOrchestrator().RunAsync(context, context.GetInput<ScriptTurnInput>()!);
    }

    /// <summary>One script run: its tool calls become the activities below, its approvals external events.</summary>
    [Function(OrchestratorNames.ScriptRun)]
    public Task<ScriptRunOutput> ScriptRun([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ScriptRunOrchestrator(tools).RunAsync(context, context.GetInput<ScriptRunInput>()!);
    }
}
