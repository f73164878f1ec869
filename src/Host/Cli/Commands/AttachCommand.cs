using System.CommandLine;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Options;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary><c>attach ID</c>: hosts the worker again for an interrupted run or turn, shows its progress, prompts for its approvals.</summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        Argument<string> id = new("ID") { Description = "A turn or run instance id." };
        Option<CliApproval?> approve = CliValues.Approve();
        Option<bool> json = new("--json") { Description = "Print one JSON object per block, one per line." };
        Command command = new("attach", "Resume watching a run (or turn): host its worker, show progress, answer approvals.") { id, approve, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool asJson = parse.GetValue(json);
            try
            {
                await using HarnessProcess process = await HarnessProcess.StartAsync(CliContext.Load(parse), worker: true, cancellationToken, existingStoreOnly: true).ConfigureAwait(false);
                string instanceId = parse.GetValue(id)!;
                if (await process.Runs.GetRunAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
                {
                    await Console.Error.WriteLineAsync($"not-found: no run or turn has id {TerminalText.Line(instanceId)}.").ConfigureAwait(false);
                    return ExitCodes.RequestRefused;
                }

                (string turnId, IReadOnlyList<string> runIds) = await process.Runs.GetTurnRunIdsAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } turnRuns
                    ? (instanceId, turnRuns)
                    : (RunIds.TurnOf(instanceId), (IReadOnlyList<string>)[instanceId]);
                CliApproval mode = parse.GetValue(approve) ?? (Console.IsInputRedirected ? CliApproval.None : CliApproval.Ask);
                await using LiveProgress? live = !asJson && !Console.IsOutputRedirected ? new LiveProgress(CliConsole.Create(Console.Out, terminal: true)) : null;
                ExecOptions exec = process.Services.GetRequiredService<IOptions<ActivitiesOptions>>().Value.Exec;
                RunWatcher watcher = new(process.Runs, new TerminalApprover(mode, Console.In, CliConsole.Error(), workspace: null, exec), live?.Lines ?? (asJson ? Console.Error : Console.Out), live);
                try
                {
                    var reports = await watcher.WatchTurnAsync(turnId, runIds, cancellationToken).ConfigureAwait(false);
                    return await RunCommand.PrintAsync(asJson, reports).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return await RunCommand.InterruptedAsync(instanceId).ConfigureAwait(false);
                }
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
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }
}
