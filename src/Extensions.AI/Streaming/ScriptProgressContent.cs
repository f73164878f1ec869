using Microsoft.Extensions.AI;

namespace ScriptHarness.Extensions.AI.Streaming;

/// <summary>
/// Progress of a running script, streamed by <see cref="Chat.ScriptHarnessChatClient.GetStreamingResponseAsync"/>
/// while the model waits for its report. For display only: the client never sends it to the
/// model, and an app that persists its conversation with System.Text.Json drops it (or registers
/// it with <c>AIJsonUtilities.AddAIContentType</c>).
/// </summary>
/// <param name="runId">The run (one <c>&lt;tool-calls&gt;</c> block).</param>
/// <param name="callsDone">Calls that have settled.</param>
/// <param name="callsInFlight">Calls started and not yet settled.</param>
/// <param name="message">The last message the script sent with <c>context.emitProgress</c>, if any.</param>
public sealed class ScriptProgressContent(string runId, int callsDone, int callsInFlight, string? message) : AIContent
{
    /// <summary>The run (one <c>&lt;tool-calls&gt;</c> block) this progress is of.</summary>
    public string RunId { get; } = runId;

    /// <summary>Calls that have settled.</summary>
    public int CallsDone { get; } = callsDone;

    /// <summary>Calls started and not yet settled.</summary>
    public int CallsInFlight { get; } = callsInFlight;

    /// <summary>The last message the script sent with <c>context.emitProgress</c>, if any.</summary>
    public string? Message { get; } = message;
}
