namespace ScriptHarness.Orchestrations.Turns;

/// <summary>The output of a turn orchestration: one result per block, in order.</summary>
/// <param name="Runs">The blocks' results; blocks after the first that did not complete are <c>NotRun</c>.</param>
public sealed record ScriptTurnOutput(IReadOnlyList<TurnRunResult> Runs);
