using System.CommandLine;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary>
/// <c>rollback RUN</c>: undoes a finished run's applyPatch edits as a durable run of its own
/// (newest first, all or nothing), hosts the worker for it, answers its approvals as <c>run</c>
/// does and exits with the rollback run's code: 0 undone, 1 not (a <c>patch-conflict</c> names
/// the changed file; nothing was written), 6 refused (unknown run, not finished, nothing to undo).
/// </summary>
internal static class RollbackCommand
{
    public static Command Create()
    {
        Argument<string> id = new("RUN") { Description = "The run whose edits to undo." };
        Option<CliApproval?> approve = CliValues.Approve();
        Option<bool> json = new("--json") { Description = "Print the rollback run's report as one JSON object." };
        Command command = new("rollback", "Undo a finished run's applyPatch edits, newest first, all or nothing, as a durable run of its own.") { id, approve, json };
        command.SetAction((parse, cancellationToken) => CliContext.RefusalsAsExitCodesAsync(
            async () =>
            {
                bool asJson = parse.GetValue(json);
                await using HarnessProcess process = await CliContext.StartWorkerAsync(CliContext.Load(parse), cancellationToken).ConfigureAwait(false);
                RollbackStart rollback = await process.Runs.StartRollbackAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
                await Console.Error.WriteLineAsync(TerminalText.Line(
                    $"rollback of {rollback.RollbackOf} (applyPatch calls {string.Join(", ", rollback.Calls)}, newest first): run {rollback.RunInstanceId}{(rollback.AlreadyStarted ? " (already started)" : string.Empty)}")).ConfigureAwait(false);
                string? root = await TurnWatch.WorkspaceOfAsync(process.Runs, rollback.TurnInstanceId, cancellationToken).ConfigureAwait(false);
                await using TurnWatch watch = TurnWatch.Start(process, CliContext.ApprovalMode(parse, approve), root, asJson);
                Watched watched = await watch.WatchAsync(rollback.TurnInstanceId, [rollback.RunInstanceId], rollback.RunInstanceId, cancellationToken).ConfigureAwait(false);
                return watched.Interrupted ?? await RunCommand.PrintAsync(asJson, watched.Reports).ConfigureAwait(false);
            },
            cancellationToken));
        return command;
    }
}
