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
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool asJson = parse.GetValue(json);
            string? started = null;
            try
            {
                await using HarnessProcess process = await HarnessProcess.StartAsync(CliContext.Load(parse), worker: true, cancellationToken, existingStoreOnly: true).ConfigureAwait(false);
                RollbackStart rollback = await process.Runs.StartRollbackAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
                started = rollback.RunInstanceId;
                await Console.Error.WriteLineAsync(TerminalText.Line(
                    $"rollback of {rollback.RollbackOf} (applyPatch calls {string.Join(", ", rollback.Calls)}, newest first): run {rollback.RunInstanceId}{(rollback.AlreadyStarted ? " (already started)" : string.Empty)}")).ConfigureAwait(false);
                CliApproval mode = parse.GetValue(approve) ?? (Console.IsInputRedirected ? CliApproval.None : CliApproval.Ask);
                RunWatcher watcher = new(process.Runs, new TerminalApprover(mode, Console.In, Console.Error), asJson ? Console.Error : Console.Out);
                var reports = await watcher.WatchTurnAsync(rollback.TurnInstanceId, [rollback.RunInstanceId], cancellationToken).ConfigureAwait(false);
                return await RunCommand.PrintAsync(asJson, reports).ConfigureAwait(false);
            }
            catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
            {
                return CliContext.ConfigurationFailed(message);
            }
            catch (ScriptRunClientException ex)
            {
                await Console.Error.WriteLineAsync($"{ex.StableCode}: {TerminalText.Line(ex.Message)}").ConfigureAwait(false);
                return ExitCodes.RequestRefused;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return started is null ? ExitCodes.Interrupted : await RunCommand.InterruptedAsync(started).ConfigureAwait(false);
            }
        });
        return command;
    }
}
