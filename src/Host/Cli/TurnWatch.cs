using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Options;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Host.Reports;
using ScriptHarness.Host.Cli.Commands;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Turns;

namespace ScriptHarness.Host.Cli;

/// <summary>
/// The watching set-up the worker-hosting verbs share (<c>run</c>, <c>continue</c>,
/// <c>attach</c>, <c>rollback</c>): on a terminal the calls in flight are a live line, redirected
/// (or <c>--json</c>) plain lines; the approval prompt shows patches against the run's workspace
/// and exec with this process's sandbox settings; an interrupt prints how to attach again.
/// </summary>
internal sealed class TurnWatch : IAsyncDisposable
{
    private readonly LiveProgress? live;
    private readonly RunWatcher watcher;

    private TurnWatch(LiveProgress? live, RunWatcher watcher)
    {
        this.live = live;
        this.watcher = watcher;
    }

    /// <summary>Sets up watching in <paramref name="process"/>: progress, the live line and the approver.</summary>
    /// <param name="process">The process hosting the worker.</param>
    /// <param name="approve">How approvals are answered.</param>
    /// <param name="workspace">The runs' workspace, when known: a patch is shown as a diff against its files.</param>
    /// <param name="json">Whether the reports are JSON on standard output (progress then goes to standard error).</param>
    public static TurnWatch Start(HarnessProcess process, CliApproval approve, string? workspace, bool json)
    {
        ArgumentNullException.ThrowIfNull(process);
        LiveProgress? live = !json && !Console.IsOutputRedirected ? new LiveProgress(CliConsole.Create(Console.Out, terminal: true)) : null;
        ExecOptions exec = process.Services.GetRequiredService<IOptions<ActivitiesOptions>>().Value.Exec;
        TerminalApprover approver = new(approve, Console.In, CliConsole.Error(), workspace, exec);
        return new TurnWatch(live, new RunWatcher(process.Runs, approver, live?.Lines ?? Progress(json), live));
    }

    /// <summary>Where progress lines go before watching starts: standard error under <c>--json</c>, else standard output.</summary>
    public static TextWriter Progress(bool json) => json ? Console.Error : Console.Out;

    /// <summary>The workspace of a turn's runs, from the turn's recorded input; null when it cannot be read.</summary>
    public static async Task<string?> WorkspaceOfAsync(ScriptRunClient runs, string turnId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ScriptTurnInput? turn = await runs.GetTurnInputAsync(turnId, cancellationToken).ConfigureAwait(false);
        return turn?.Runs.Count > 0 ? turn.Runs[0].Context.Workspace : null;
    }

    /// <summary>
    /// Watches the turn's runs to their end, answering approvals; an interrupt stops watching and
    /// says how to attach to <paramref name="interruptedId"/> again.
    /// </summary>
    public async Task<Watched> WatchAsync(string turnId, IReadOnlyList<string> runIds, string interruptedId, CancellationToken cancellationToken)
    {
        try
        {
            return new Watched(await this.watcher.WatchTurnAsync(turnId, runIds, cancellationToken).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new Watched([], await RunCommand.InterruptedAsync(interruptedId).ConfigureAwait(false));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => this.live?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>What watching gave: the reports, or the exit code of an interrupt.</summary>
/// <param name="Reports">The runs' reports, in block order.</param>
/// <param name="Interrupted">The interrupt's exit code, when watching was interrupted.</param>
internal sealed record Watched(IReadOnlyList<BlockReport> Reports, int? Interrupted);
