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
                    parse.GetValue(approve) ?? (fromStdin || Console.IsInputRedirected ? CliApproval.None : CliApproval.Ask),
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
            return Refuse(json, new ReportError("configuration", message), ExitCodes.Configuration);
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
            return Refuse(json, new ReportError("invalid-request", $"The file '{Path.GetFullPath(path)}' does not exist."), ExitCodes.RequestRefused);
        }

        await Console.Error.WriteLineAsync(TerminalText.Line(StoreLocation.Describe(configuration))).ConfigureAwait(false);
        HarnessProcess process;
        try
        {
            // Like run: the continued run needs a worker; reading verbs never create a store, and neither does this one.
            process = await HarnessProcess.StartAsync(configuration, worker: true, cancellationToken, existingStoreOnly: true).ConfigureAwait(false);
        }
        catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
        {
            return Refuse(json, new ReportError("configuration", message), ExitCodes.Configuration);
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
                return Refuse(json, new ReportError("no-script", "The input holds no script to continue the run with."), ExitCodes.NotRun);
            }

            TurnStart started;
            try
            {
                started = await process.Runs.ContinueRunAsync(runId, new ContinueRequest(turn.Scripts) { Provider = turn.FormatName, Output = text }, cancellationToken).ConfigureAwait(false);
            }
            catch (ScriptRunClientException ex)
            {
                return Refuse(json, new ReportError(ex.StableCode, ex.Message) { Detail = ex.Limit }, ex.Code == ClientErrorCode.FeatureDisabled ? ExitCodes.NotRun : ExitCodes.RequestRefused);
            }

            TextWriter progress = json ? Console.Error : Console.Out;
            await progress.WriteLineAsync($"turn {started.TurnInstanceId}: continues run {TerminalText.Line(runId)} with {started.RunInstanceIds.Count} block(s)").ConfigureAwait(false);
            RunWatcher watcher = new(process.Runs, new TerminalApprover(approve, Console.In, Console.Error), progress);
            try
            {
                IReadOnlyList<BlockReport> reports = await watcher.WatchTurnAsync(started.TurnInstanceId, started.RunInstanceIds, cancellationToken).ConfigureAwait(false);
                return await RunCommand.PrintAsync(json, reports).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return await RunCommand.InterruptedAsync(started.TurnInstanceId).ConfigureAwait(false);
            }
        }
    }

    private static int Refuse(bool json, ReportError error, int exitCode)
    {
        if (json)
        {
            Console.Out.WriteLine(TerminalText.Line(ReportJson.Line(BlockReport.Refused(0, error))));
        }
        else
        {
            Console.Error.WriteLine($"refused ({TerminalText.Line(error.Code)}): {TerminalText.Block(error.Message, "  ")}");
        }

        return exitCode;
    }
}
