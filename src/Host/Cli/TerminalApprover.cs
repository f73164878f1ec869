using System.Globalization;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Cli;

/// <summary>Decides a pending call for the CLI: by the <c>--approve</c> choice, or by asking in the terminal.</summary>
internal sealed class TerminalApprover(CliApproval mode, TextReader input, TextWriter prompt)
{
    private readonly string decider = "cli:" + Environment.UserName;

    /// <summary>The decision for <paramref name="call"/>; null when the terminal closed (nobody can answer).</summary>
    public async Task<ApprovalDecision?> DecideAsync(string runId, PendingCall call, CancellationToken cancellationToken)
    {
        switch (mode)
        {
            case CliApproval.All:
                return new ApprovalDecision(DecisionVerdict.Approve, DecisionScope.Call, "--approve all", this.decider);
            case CliApproval.None:
                return new ApprovalDecision(DecisionVerdict.Deny, DecisionScope.Call, "--approve none", this.decider);
        }

        // Tool, arguments and reason come from the model's script: escaped, so they cannot erase or rewrite the prompt.
        await prompt.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"? run {TerminalText.Line(runId)} call #{call.CallId} {TerminalText.Line(call.Tool)} {TerminalText.Line(call.Args)}")).ConfigureAwait(false);
        await prompt.WriteLineAsync($"  needs approval: {TerminalText.Line(call.Reason)}").ConfigureAwait(false);
        while (true)
        {
            await prompt.WriteAsync("  approve? [y]es / [n]o / [a]lways for this run: ").ConfigureAwait(false);
            await prompt.FlushAsync(cancellationToken).ConfigureAwait(false);
            string? answer = await ReadLineAsync(input, cancellationToken).ConfigureAwait(false);
            switch (answer?.Trim().ToUpperInvariant())
            {
                case null:
                    return null;
                case "Y" or "YES":
                    return new ApprovalDecision(DecisionVerdict.Approve, DecisionScope.Call, null, this.decider);
                case "A" or "ALWAYS":
                    return new ApprovalDecision(DecisionVerdict.Approve, DecisionScope.Run, null, this.decider);
                case "N" or "NO":
                    await prompt.WriteAsync("  reason (optional): ").ConfigureAwait(false);
                    string? reason = await ReadLineAsync(input, cancellationToken).ConfigureAwait(false);
                    return new ApprovalDecision(DecisionVerdict.Deny, DecisionScope.Call, string.IsNullOrWhiteSpace(reason) ? "denied in the terminal" : reason.Trim(), this.decider);
            }
        }
    }

    // The console's reader blocks its caller and ignores the token, so Ctrl-C would wait for a
    // line that never comes: the read runs on its own background thread and the wait is cancellable.
    // An abandoned read ends with the process (the thread is a background one).
    private static Task<string?> ReadLineAsync(TextReader input, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(input.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(cancellationToken);
}
