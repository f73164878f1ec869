using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Orchestrations.Turns;

/// <summary>The input of a turn orchestration: the runs of the blocks of one model output, in order.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="TurnId">The turn.</param>
/// <param name="Runs">One run input per block, in block order.</param>
/// <param name="ContentHash">The hash of the blocks' scripts (<see cref="RunIds.ContentHash"/>), to tell a repeated trigger from a conflicting one.</param>
public sealed record ScriptTurnInput(string ConversationId, string TurnId, IReadOnlyList<ScriptRunInput> Runs, string ContentHash);
