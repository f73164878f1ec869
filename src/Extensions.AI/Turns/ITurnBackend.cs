using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Extensions.AI.Turns;

/// <summary>
/// Where a turn runs: the app's own worker (<see cref="TurnRunner"/>, over <c>ScriptRunClient</c>) or a
/// remote ScriptHarness server (<see cref="RemoteTurnRunner"/>, over its HTTP API). The chat client
/// only starts turns, watches them and delivers decisions; everything else is the same in both modes.
/// </summary>
internal interface ITurnBackend
{
    /// <summary>
    /// Starts the answer's blocks as one turn; the run ids are in block order. When
    /// <see cref="TurnStartRequest.ContinueFrom"/> names a failed run, the turn continues it (its
    /// first block reuses the run's completed calls while it repeats them); a run the store or
    /// server no longer holds (purged, or a refused answer's that never ran) gives a fresh turn.
    /// </summary>
    Task<TurnStarted> StartAsync(TurnStartRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Watches <paramref name="turnId"/>: progress while it runs, then one outcome (completed or
    /// paused). Calls in <paramref name="answered"/> were just decided: a backend whose status may
    /// still list them as waiting does not count them as a pause.
    /// </summary>
    IAsyncEnumerable<TurnEvent> WatchAsync(string turnId, ISet<(string RunId, int CallId)>? answered, CancellationToken cancellationToken);

    /// <summary>Delivers the decisions of one run; a call no longer waiting is left to the run.</summary>
    Task DecideAsync(string runId, IReadOnlyList<(int CallId, ApprovalDecision Decision)> decisions, CancellationToken cancellationToken);
}

/// <summary>What a turn starts from.</summary>
/// <param name="ConversationId">The conversation's id (fresh per answer).</param>
/// <param name="TurnId">The turn's id in the conversation.</param>
/// <param name="Scripts">The validated blocks, in order.</param>
/// <param name="Output">The model's whole answer (a remote server parses it again into the same blocks).</param>
/// <param name="Workspace">The workspace; null for the server's default.</param>
/// <param name="Policy">The run policy; null for the host's.</param>
/// <param name="Model">The model's name, for the audit.</param>
/// <param name="Provider">The inner client's provider name, for the audit.</param>
internal sealed record TurnStartRequest(string ConversationId, string TurnId, IReadOnlyList<string> Scripts, string Output, string? Workspace, ApprovalPolicy? Policy, string? Model, string? Provider)
{
    /// <summary>The failed run the answer continues (the one the conversation's last report is of); null for a fresh turn.</summary>
    public string? ContinueFrom { get; init; }

    /// <summary>The id of the turn that continues <see cref="ContinueFrom"/>: fresh per answer, so each answer runs.</summary>
    public string ContinueTurnId { get; } = "continue-" + Guid.NewGuid().ToString("N");
}

/// <summary>A started turn: its instance id and one run id per block (each block's call id in the conversation).</summary>
/// <param name="TurnId">The turn's instance id.</param>
/// <param name="RunIds">One run id per block.</param>
/// <param name="ContinuedFrom">The run the first block continues; null when the turn started fresh.</param>
internal sealed record TurnStarted(string TurnId, IReadOnlyList<string> RunIds, string? ContinuedFrom = null);

/// <summary>Runs a watch to its outcome.</summary>
internal static class TurnBackendExtensions
{
    /// <summary>Runs the turn to its outcome, ignoring progress.</summary>
    public static async Task<TurnEvent> RunToOutcomeAsync(this ITurnBackend backend, string turnId, ISet<(string RunId, int CallId)>? answered, CancellationToken cancellationToken)
    {
        await foreach (TurnEvent next in backend.WatchAsync(turnId, answered, cancellationToken).ConfigureAwait(false))
        {
            if (next is TurnCompleted or TurnPaused)
            {
                return next;
            }
        }

        throw new InvalidOperationException("The watch ended without an outcome.");
    }
}
