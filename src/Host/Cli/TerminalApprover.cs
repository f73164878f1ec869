using ScriptHarness.Activities.Exec;
using ScriptHarness.Host.Cli.Approval;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Status;
using Spectre.Console;

namespace ScriptHarness.Host.Cli;

/// <summary>Decides a pending call for the CLI: by the <c>--approve</c> choice, or by asking in the terminal.</summary>
/// <param name="mode">How to answer.</param>
/// <param name="input">Where the answers are read.</param>
/// <param name="prompt">Where the question is shown (<see cref="ApprovalView"/>).</param>
/// <param name="workspace">The run's workspace when known: a patch is shown against its files.</param>
/// <param name="exec">This process's exec settings: what the sandbox lets a command do.</param>
internal sealed class TerminalApprover(CliApproval mode, TextReader input, IAnsiConsole prompt, string? workspace = null, ExecOptions? exec = null)
{
    private readonly string decider = "cli:" + Environment.UserName;

    /// <summary>An approver that writes plain text to <paramref name="prompt"/>.</summary>
    public TerminalApprover(CliApproval mode, TextReader input, TextWriter prompt)
        : this(mode, input, CliConsole.Create(prompt, terminal: false))
    {
    }

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

        // Tool, arguments and reason come from the model's script: the view escapes them, so they cannot erase or rewrite the prompt.
        ApprovalView.Write(prompt, runId, call, workspace, exec ?? new ExecOptions());
        while (true)
        {
            prompt.Write(new Text("  approve? [y]es / [n]o / [a]lways for this run: ", ApprovalView.Label));
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
                    prompt.Write(new Text("  reason (optional): "));
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
