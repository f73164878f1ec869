using System.CommandLine;
using Microsoft.DurableTask.Client;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Turns;

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
                await using HarnessProcess process = await HarnessProcess.StartAsync(CliContext.Load(parse), worker: true, cancellationToken).ConfigureAwait(false);
                string instanceId = parse.GetValue(id)!;
                OrchestrationMetadata? metadata = await process.Durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
                if (metadata is null)
                {
                    await Console.Error.WriteLineAsync($"not-found: no run or turn has id {TerminalText.Line(instanceId)}.").ConfigureAwait(false);
                    return ExitCodes.RequestRefused;
                }

                (string turnId, IReadOnlyList<string> runIds) = metadata.Name == OrchestratorNames.ScriptTurn
                    ? (instanceId, Enumerable.Range(0, metadata.ReadInputAs<ScriptTurnInput>()?.Runs.Count ?? 0).Select(i => RunIds.Run(instanceId, i)).ToList())
                    : (ParentTurn(instanceId), (IReadOnlyList<string>)[instanceId]);
                CliApproval mode = parse.GetValue(approve) ?? (Console.IsInputRedirected ? CliApproval.None : CliApproval.Ask);
                RunWatcher watcher = new(process.Runs, process.Durable, new TerminalApprover(mode, Console.In, Console.Error), asJson ? Console.Error : Console.Out);
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
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    // A run's id is its turn's id, "-b" and the block index (RunIds.Run).
    private static string ParentTurn(string runId)
    {
        int at = runId.LastIndexOf("-b", StringComparison.Ordinal);
        return at > 0 ? runId[..at] : runId;
    }
}
