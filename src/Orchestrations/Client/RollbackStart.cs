namespace ScriptHarness.Orchestrations.Client;

/// <summary>The rollback run of a run's edits, started (or found started) by <see cref="ScriptRunClient.StartRollbackAsync"/>.</summary>
/// <param name="RollbackOf">The run whose edits it undoes.</param>
/// <param name="RunInstanceId">The rollback run: a durable run of its own, under the original run's approval policy.</param>
/// <param name="TurnInstanceId">The turn that holds it (its turn id is <c>rollback RUN</c>, in the original run's conversation).</param>
/// <param name="Calls">The ids of the original run's applyPatch calls it undoes, newest first.</param>
/// <param name="AlreadyStarted">Whether the same rollback was already running or had completed (nothing new was scheduled).</param>
public sealed record RollbackStart(string RollbackOf, string RunInstanceId, string TurnInstanceId, IReadOnlyList<int> Calls, bool AlreadyStarted);
