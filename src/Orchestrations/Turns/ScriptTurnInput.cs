using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Orchestrations.Turns;

/// <summary>The input of a turn orchestration: the runs of the blocks of one model output, in order.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="TurnId">The turn.</param>
/// <param name="Runs">One run input per block, in block order.</param>
/// <param name="ContentHash">The hash of the blocks' scripts (<see cref="RunIds.ContentHash"/>), to tell a repeated trigger from a conflicting one.</param>
public sealed record ScriptTurnInput(string ConversationId, string TurnId, IReadOnlyList<ScriptRunInput> Runs, string ContentHash)
{
    /// <summary>
    /// The model output the blocks came from, as received (plain text, or the provider's JSON
    /// response as text), kept so the follow-up can be written once the runs finish; null for
    /// turns started without it. The orchestration never reads it.
    /// </summary>
    public string? Output { get; init; }

    /// <summary>The wire name of the output's provider format (<c>openai-responses</c>, <c>openai-chat</c>, <c>anthropic</c>, <c>gemini</c>, <c>text</c>), when known.</summary>
    public string? Provider { get; init; }
}
