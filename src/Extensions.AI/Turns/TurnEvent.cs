using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Extensions.AI.Turns;

/// <summary>What watching a turn yields: progress while it runs, then one outcome.</summary>
internal abstract record TurnEvent(string TurnId);

/// <summary>The current run's counts or its last <c>context.emitProgress</c> changed.</summary>
internal sealed record TurnProgress(string TurnId, string RunId, RunStatus Status) : TurnEvent(TurnId);

/// <summary>Every block has a report, in block order: the follow-up for the model.</summary>
internal sealed record TurnCompleted(string TurnId, IReadOnlyList<BlockResult> Blocks) : TurnEvent(TurnId);

/// <summary>A run waits for decisions; nothing more happens until someone answers.</summary>
internal sealed record TurnPaused(string TurnId, IReadOnlyList<PendingApproval> Pending) : TurnEvent(TurnId);

/// <summary>One block's report as the model reads it.</summary>
/// <param name="CallId">The block's call id in the conversation (its run id).</param>
/// <param name="Report">The report text (<c>ModelReportFormatter</c>).</param>
/// <param name="Status">The report's status code (<c>completed</c>, <c>failed</c>, ...).</param>
internal sealed record BlockResult(string CallId, string Report, string Status);

/// <summary>A call of <paramref name="RunId"/> waiting for a decision.</summary>
internal sealed record PendingApproval(string RunId, PendingCall Call);
