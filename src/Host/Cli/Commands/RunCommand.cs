using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Host.Reports;
using ScriptHarness.Host.Turns;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary><c>run FILE [--workspace DIR] [--approve ask|all|none] [--json] [--follow-up OUT [--provider NAME]]</c>: one model output, durably, on the embedded store.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        Argument<FileInfo> file = new("FILE") { Description = "A model output: plain text, or an OpenAI Responses, OpenAI Chat Completions, Anthropic Messages or Gemini generateContent JSON response." };
        Option<DirectoryInfo?> workspace = new("--workspace") { Description = "The directory the tools work in (default: host:defaultWorkspace, the current directory)." };
        Option<CliApproval?> approve = CliValues.Approve();
        Option<bool> json = new("--json") { Description = "Print one JSON object per block, one per line, on standard output." };
        Option<FileInfo?> followUp = new("--follow-up") { Description = "When the turn has finished, write its state and the items to append to the conversation (in the provider's shape) to this JSON file." };
        Option<string?> provider = new("--provider") { Description = $"The shape of the follow-up: {string.Join(", ", ProviderFormats.All.Select(f => f.Name))} (default: the output's own; required for a plain-text output)." };
        Command command = new("run", "Run the scripts of a model output durably and print their reports.") { file, workspace, approve, json, followUp, provider };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await RunAsync(
                    parse,
                    parse.GetValue(file)!,
                    parse.GetValue(workspace),
                    CliContext.ApprovalMode(parse, approve),
                    parse.GetValue(json),
                    new FollowUpRequest(parse.GetValue(followUp), parse.GetValue(provider)),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted before the turn was started: there is nothing to attach to.
                await Console.Error.WriteLineAsync("interrupted before the turn started; nothing runs.").ConfigureAwait(false);
                return ExitCodes.Interrupted;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, FileInfo file, DirectoryInfo? workspace, CliApproval approve, bool json, FollowUpRequest followUp, CancellationToken cancellationToken)
    {
        IProviderFormat? target = null;
        if (followUp.Provider is not null && !ProviderFormats.TryFind(followUp.Provider, out target))
        {
            return Refuse(json, new ReportError("invalid-request", $"--provider must be one of {string.Join(", ", ProviderFormats.WireNames)}."), ExitCodes.RequestRefused);
        }

        TextWriter progress = TurnWatch.Progress(json);
        IConfigurationRoot configuration;
        try
        {
            configuration = CliContext.Load(parse);
        }
        catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
        {
            return Refuse(json, new ReportError("configuration", message), ExitCodes.Configuration);
        }

        if (!file.Exists)
        {
            return Refuse(json, new ReportError("invalid-request", $"The file '{file.FullName}' does not exist."), ExitCodes.RequestRefused);
        }

        // Said on every start, so a user can find the runs again (list, attach) from any folder.
        await Console.Error.WriteLineAsync(TerminalText.Line(StoreLocation.Describe(configuration))).ConfigureAwait(false);

        HarnessProcess process;
        try
        {
            process = await HarnessProcess.StartAsync(configuration, worker: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
        {
            return Refuse(json, new ReportError("configuration", message), ExitCodes.Configuration);
        }

        await using (process.ConfigureAwait(false))
        {
            OrchestrationsOptions orchestrations = process.Services.GetRequiredService<IOptions<OrchestrationsOptions>>().Value;
            if (orchestrations.Mode == FeatureMode.Disabled)
            {
                return Refuse(json, new ReportError("feature-disabled", "Scripts are disabled on this host (orchestrations:mode is disabled); the tags stay text."), ExitCodes.NotRun);
            }

            string output = await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false);
            ParsedTurn turn = process.Services.GetRequiredService<TurnParser>().Parse(output);
            if (turn.Error is not null)
            {
                List<BlockReport> refused = [];
                for (int i = 0; i < Math.Max(turn.BlockCount, 1); i++)
                {
                    refused.Add(i == (turn.ErrorBlock ?? 0)
                        ? BlockReport.Refused(i, ReportError.From(turn.Error))
                        : new BlockReport(i, null, BlockReport.NotRun));
                }

                return await PrintAsync(json, refused).ConfigureAwait(false);
            }

            if (turn.NoScript)
            {
                return Refuse(json, new ReportError("no-script", "The output has no <tool-calls> block; there is nothing to run."), ExitCodes.NotRun);
            }

            if (followUp.File is not null && turn.Format is null && target is null)
            {
                return Refuse(json, new ReportError("invalid-request", "A plain-text output has no provider shape: pass --provider with --follow-up."), ExitCodes.RequestRefused);
            }

            string root = Path.GetFullPath(workspace?.FullName ?? process.Options.DefaultWorkspace);
            if (!Directory.Exists(root))
            {
                return Refuse(json, new ReportError("invalid-request", $"The workspace '{root}' does not exist."), ExitCodes.RequestRefused);
            }

            TurnRequest request = new($"cli-{Guid.NewGuid():N}", Path.GetFileName(file.FullName), turn.Scripts, root) { Provider = turn.FormatName, Output = output };
            TurnStart started;
            try
            {
                started = await process.Runs.StartTurnAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (ScriptRunClientException ex)
            {
                return Refuse(json, new ReportError(ex.StableCode, ex.Message) { Detail = ex.Limit }, ex.Code == ClientErrorCode.FeatureDisabled ? ExitCodes.NotRun : ExitCodes.RequestRefused);
            }

            await progress.WriteLineAsync($"turn {started.TurnInstanceId}: {started.RunInstanceIds.Count} block(s) in {TerminalText.Line(root)}").ConfigureAwait(false);
            await using TurnWatch watch = TurnWatch.Start(process, approve, root, json);
            Watched watched = await watch.WatchAsync(started.TurnInstanceId, started.RunInstanceIds, started.TurnInstanceId, cancellationToken).ConfigureAwait(false);
            if (watched.Interrupted is { } interrupted)
            {
                return interrupted;
            }

            if (followUp.File is not null)
            {
                await WriteFollowUpAsync(process, started.TurnInstanceId, target, followUp.File, cancellationToken).ConfigureAwait(false);
            }

            return await PrintAsync(json, watched.Reports).ConfigureAwait(false);
        }
    }

    // The runs have finished; the turn records its output a moment later, and the follow-up reads it.
    private static async Task WriteFollowUpAsync(HarnessProcess process, string turnId, IProviderFormat? target, FileInfo file, CancellationToken cancellationToken)
    {
        _ = await process.Runs.WaitForRunAsync(turnId, cancellationToken).ConfigureAwait(false);
        TurnState state = await process.Services.GetRequiredService<TurnFollowUps>().GetAsync(turnId, target, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Turn {turnId} was started but cannot be read back.");
        await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(state, FollowUpJson) + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Says the run goes on without this process and how to watch it again; returns the interrupt's
    /// exit code. Printed before the worker stops, so the hint shows at once.
    /// </summary>
    public static async Task<int> InterruptedAsync(string instanceId)
    {
        await Console.Out.FlushAsync().ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"interrupted; the run is durable and continues with: scriptharness attach {TerminalText.Line(instanceId)}").ConfigureAwait(false);
        await Console.Error.FlushAsync().ConfigureAwait(false);
        return ExitCodes.Interrupted;
    }

    /// <summary>Prints the reports (JSON lines, or text) and returns the turn's exit code.</summary>
    public static async Task<int> PrintAsync(bool json, IReadOnlyList<BlockReport> reports)
    {
        foreach (BlockReport report in reports)
        {
            if (json)
            {
                await Console.Out.WriteLineAsync(TerminalText.Line(ReportJson.Line(report))).ConfigureAwait(false);
            }
            else
            {
                await ReportText.WriteAsync(Console.Out, report).ConfigureAwait(false);
            }
        }

        await Console.Out.FlushAsync().ConfigureAwait(false);
        return RunWatcher.ExitCode(reports);
    }

    private static readonly JsonSerializerOptions FollowUpJson = new(ReportJson.Options) { WriteIndented = true };

    /// <summary>Where <c>--follow-up</c> writes, and the shape it asks for.</summary>
    private sealed record FollowUpRequest(FileInfo? File, string? Provider);

    /// <summary>Prints a refusal (a JSON line, or text on standard error) and returns <paramref name="exitCode"/>.</summary>
    public static int Refuse(bool json, ReportError error, int exitCode)
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
