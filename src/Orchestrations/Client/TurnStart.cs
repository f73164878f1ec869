namespace ScriptHarness.Orchestrations.Client;

/// <summary>The instances of a started (or already started) turn.</summary>
/// <param name="TurnInstanceId">The turn orchestration.</param>
/// <param name="RunInstanceIds">One run per block, in order (a run starts when the blocks before it have completed).</param>
/// <param name="AlreadyStarted">Whether the same turn had been started before (nothing new was scheduled).</param>
public sealed record TurnStart(string TurnInstanceId, IReadOnlyList<string> RunInstanceIds, bool AlreadyStarted);
