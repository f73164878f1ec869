using System.Globalization;
using ModelContextProtocol;
using ScriptHarness.Host.Cli;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// Follows a run for one tool call: until it finishes, pauses on a call someone must answer, or
/// the caller's wait runs out. Sends a progress notification whenever what the run has done
/// changes, and, when an <see cref="ApprovalElicitor"/> is given, asks the client's user about
/// each approval before answering <c>paused</c>. Reads only the store (through the one door), so
/// any process on the same store follows any run.
/// </summary>
internal sealed class RunFollower(ScriptRunClient runs, TimeProvider clock)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    /// <summary>Follows the runs of a turn in block order, stopping at the first that does not complete.</summary>
    public async Task<IReadOnlyList<McpRunAnswer>> FollowTurnAsync(string turnId, IReadOnlyList<string> runIds, FollowOptions options, CancellationToken cancellationToken)
    {
        List<McpRunAnswer> answers = [];
        foreach (string runId in runIds)
        {
            if (answers.Count > 0 && answers[^1].Status != McpRunStatus.Completed)
            {
                answers.Add(new McpRunAnswer(runId, McpRunStatus.NotStarted));
                continue;
            }

            answers.Add(await this.FollowRunAsync(runId, turnId, options, cancellationToken).ConfigureAwait(false) ?? new McpRunAnswer(runId, McpRunStatus.NotStarted));
        }

        return answers;
    }

    /// <summary>Follows one run. Null when there is no such run (and no turn that will start it).</summary>
    /// <remarks>
    /// A decision this process delivered never shows as pending (the client moves it to
    /// <c>decided</c> until the run reads it), so a call decided just before following needs no
    /// filter. A call the user answered through elicitation is still skipped: when its decision
    /// was refused (decided elsewhere meanwhile) another process's decision may not show yet, and
    /// the user must not be asked twice.
    /// </remarks>
    public async Task<McpRunAnswer?> FollowRunAsync(string runId, string? turnId, FollowOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        DateTimeOffset deadline = clock.GetUtcNow() + options.Wait;
        HashSet<int> answered = [];
        string? lastProgress = null;
        while (true)
        {
            RunView? view = await runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (view is null)
            {
                // A later block of a turn exists only once the blocks before it completed.
                RunView? turn = turnId is null ? null : await runs.GetRunAsync(turnId, cancellationToken).ConfigureAwait(false);
                if (turn is null || RunWatcher.IsFinished(turn.RuntimeStatus) || clock.GetUtcNow() >= deadline)
                {
                    return turn is null ? null : new McpRunAnswer(runId, McpRunStatus.NotStarted);
                }

                await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
                continue;
            }

            McpRunAnswer answer = Answer(view);
            if (answer.Report is not null)
            {
                return answer;
            }

            string progress = Describe(answer);
            if (progress != lastProgress)
            {
                lastProgress = progress;
                options.Progress.Report(new ProgressNotificationValue { Progress = ++options.ProgressCount, Message = progress });
            }

            List<PendingCall> open = [.. answer.Pending.Where(p => !answered.Contains(p.CallId))];
            if (open.Count > 0)
            {
                PendingCall? next = options.Elicitor is null ? null : open.FirstOrDefault(p => p.Kind == PendingKind.Approval);
                if (next is null)
                {
                    return answer;
                }

                if (!await options.Elicitor!.AskAsync(runId, next, cancellationToken).ConfigureAwait(false))
                {
                    // The user left it open (declined, dismissed, or the client failed): the run waits for decide_call or the webhook.
                    return await this.CurrentAsync(runId, cancellationToken).ConfigureAwait(false) ?? answer;
                }

                answered.Add(next.CallId);
                continue;
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return answer;
            }

            await Task.Delay(PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The run's answer now, without waiting.</summary>
    public async Task<McpRunAnswer?> CurrentAsync(string runId, CancellationToken cancellationToken)
    {
        RunView? view = await runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        return view is null ? null : Answer(view);
    }

    /// <summary>The answer for a run's view: its report when finished, else where it is and what it waits for.</summary>
    public static McpRunAnswer Answer(RunView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (RunWatcher.IsFinished(view.RuntimeStatus))
        {
            BlockReport report = RunWatcher.Finished(RunIds.BlockOf(view.InstanceId, 0), view);
            return new McpRunAnswer(view.InstanceId, report.Status) { Report = report };
        }

        RunStatus? status = view.Status;
        return new McpRunAnswer(view.InstanceId, status?.Pending.Count > 0 ? McpRunStatus.Paused : McpRunStatus.Running)
        {
            Phase = status?.Phase,
            CallsDone = status?.CallsDone ?? 0,
            CallsInFlight = status?.CallsInFlight ?? 0,
            LastProgress = status?.LastProgress,
            Pending = status?.Pending ?? [],
        };
    }

    private static string Describe(McpRunAnswer answer) => string.Create(
        CultureInfo.InvariantCulture,
        $"{answer.Status}: {answer.CallsDone} call(s) done, {answer.CallsInFlight} in flight{(answer.Pending.Count > 0 ? $", {answer.Pending.Count} waiting" : string.Empty)}{(answer.LastProgress is { } p ? $"; {p}" : string.Empty)}");
}

/// <summary>How long and how a tool call follows a run.</summary>
/// <param name="Wait">How long to wait before answering <c>running</c>.</param>
/// <param name="Progress">Where progress notifications go (a no-op when the client sent no progress token).</param>
/// <param name="Elicitor">Asks the client's user about approvals; null when the client cannot be asked.</param>
internal sealed record FollowOptions(TimeSpan Wait, IProgress<ProgressNotificationValue> Progress, ApprovalElicitor? Elicitor)
{
    /// <summary>The progress value of the last notification: increases with each one, across the runs of a turn.</summary>
    public int ProgressCount { get; set; }
}
