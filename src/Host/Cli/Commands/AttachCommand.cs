using System.CommandLine;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary>
/// <c>attach ID [--workspace DIR]</c>: hosts the worker again for an interrupted run or turn,
/// shows its progress, prompts for its approvals (a patch as a diff against the run's recorded
/// workspace, or <c>--workspace</c>).
/// </summary>
internal static class AttachCommand
{
    public static Command Create()
    {
        Argument<string> id = new("ID") { Description = "A turn or run instance id." };
        Option<CliApproval?> approve = CliValues.Approve();
        Option<bool> json = new("--json") { Description = "Print one JSON object per block, one per line." };
        Option<DirectoryInfo?> workspace = new("--workspace") { Description = "The directory the approval prompt compares patches with (default: the run's recorded workspace)." };
        Command command = new("attach", "Resume watching a run (or turn): host its worker, show progress, answer approvals.") { id, approve, json, workspace };
        command.SetAction((parse, cancellationToken) => CliContext.RefusalsAsExitCodesAsync(
            async () =>
            {
                bool asJson = parse.GetValue(json);
                await using HarnessProcess process = await CliContext.StartWorkerAsync(CliContext.Load(parse), cancellationToken).ConfigureAwait(false);
                string instanceId = parse.GetValue(id)!;
                if (await process.Runs.GetRunAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
                {
                    await Console.Error.WriteLineAsync($"not-found: no run or turn has id {TerminalText.Line(instanceId)}.").ConfigureAwait(false);
                    return ExitCodes.RequestRefused;
                }

                (string turnId, IReadOnlyList<string> runIds) = await process.Runs.GetTurnRunIdsAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } turnRuns
                    ? (instanceId, turnRuns)
                    : (RunIds.TurnOf(instanceId), (IReadOnlyList<string>)[instanceId]);
                string? root = parse.GetValue(workspace)?.FullName
                    ?? await TurnWatch.WorkspaceOfAsync(process.Runs, turnId, cancellationToken).ConfigureAwait(false);
                await using TurnWatch watch = TurnWatch.Start(process, CliContext.ApprovalMode(parse, approve), root, asJson);
                Watched watched = await watch.WatchAsync(turnId, runIds, instanceId, cancellationToken).ConfigureAwait(false);
                return watched.Interrupted ?? await RunCommand.PrintAsync(asJson, watched.Reports).ConfigureAwait(false);
            },
            cancellationToken));
        return command;
    }
}
