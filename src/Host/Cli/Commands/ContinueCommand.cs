using System.CommandLine;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Host.Reports;
using ScriptHarness.Host.Turns;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary>
/// <c>continue RUN FILE|- [--approve ask|all|none] [--json]</c>: continue a finished run with a
/// corrected script (or a model output holding it), reusing the run's completed calls while the
/// script repeats them, and watch the new turn like <c>run</c> does.
/// </summary>
internal static class ContinueCommand
{
    public static Command Create()
    {
        Argument<string> run = new("RUN") { Description = "The finished run to continue (its instance id)." };
        Argument<string> source = new("FILE") { Description = "The corrected script, or a model output holding it in <tool-calls>; - reads standard input." };
        Option<CliApproval?> approve = CliValues.Approve();
        Option<bool> json = new("--json") { Description = "Print one JSON object per block, one per line, on standard output." };
        Command command = new("continue", "Continue a finished run with a corrected script: calls equal to the run's completed ones are reused, not run again.") { run, source, approve, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(source)!;
            bool fromStdin = path == "-";
            bool asJson = parse.GetValue(json);
            try
            {
                return await ContinueAsync(
                    parse,
                    parse.GetValue(run)!,
                    path,
                    CliContext.ApprovalMode(parse, approve, inputTaken: fromStdin),
                    asJson,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("interrupted before the turn started; nothing runs.").ConfigureAwait(false);
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    private static async Task<int> ContinueAsync(ParseResult parse, string runId, string path, CliApproval approve, bool json, CancellationToken cancellationToken)
    {
        IConfigurationRoot configuration;
        try
        {
            configuration = CliContext.Load(parse);
        }
        catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
        {
            return RunCommand.Refuse(json, new ReportError("configuration", message), ExitCodes.Configuration);
        }

        string text;
        if (path == "-")
        {
            text = await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (File.Exists(path))
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            return RunCommand.Refuse(json, new ReportError("invalid-request", $"The file '{Path.GetFullPath(path)}' does not exist."), ExitCodes.RequestRefused);
        }

        await Console.Error.WriteLineAsync(TerminalText.Line(StoreLocation.Describe(configuration))).ConfigureAwait(false);
        HarnessProcess process;
        try
        {
            // Like run: the continued run needs a worker; reading verbs never create a store, and neither does this one.
            process = await CliContext.StartWorkerAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
        {
            return RunCommand.Refuse(json, new ReportError("configuration", message), ExitCodes.Configuration);
        }

        await using (process.ConfigureAwait(false))
        {
            ParsedTurn turn = process.Services.GetRequiredService<TurnParser>().ParseScriptOrOutput(text);
            if (turn.Error is not null)
            {
                return await RunCommand.PrintAsync(json, [BlockReport.Refused(turn.ErrorBlock ?? 0, ReportError.From(turn.Error))]).ConfigureAwait(false);
            }

            if (turn.NoScript)
            {
                return RunCommand.Refuse(json, new ReportError("no-script", "The input holds no script to continue the run with."), ExitCodes.NotRun);
            }

            TurnStart started;
            try
            {
                started = await process.Runs.ContinueRunAsync(runId, new ContinueRequest(turn.Scripts) { Provider = turn.FormatName, Output = text }, cancellationToken).ConfigureAwait(false);
            }
            catch (ScriptRunClientException ex)
            {
                return RunCommand.Refuse(json, new ReportError(ex.StableCode, ex.Message) { Detail = ex.Limit }, ex.Code == ClientErrorCode.FeatureDisabled ? ExitCodes.NotRun : ExitCodes.RequestRefused);
            }

            await TurnWatch.Progress(json).WriteLineAsync($"turn {started.TurnInstanceId}: continues run {TerminalText.Line(runId)} with {started.RunInstanceIds.Count} block(s)").ConfigureAwait(false);
            string? root = await TurnWatch.WorkspaceOfAsync(process.Runs, started.TurnInstanceId, cancellationToken).ConfigureAwait(false);
            await using TurnWatch watch = TurnWatch.Start(process, approve, root, json);
            Watched watched = await watch.WatchAsync(started.TurnInstanceId, started.RunInstanceIds, started.TurnInstanceId, cancellationToken).ConfigureAwait(false);
            return watched.Interrupted ?? await RunCommand.PrintAsync(json, watched.Reports).ConfigureAwait(false);
        }
    }
}
