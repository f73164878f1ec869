using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using ScriptHarness.Host.Cli;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.Host.Turns;

/// <summary>
/// Writes a turn's state and, once its runs have all finished, its follow-up: the model output the
/// turn was started with is read again (it is kept in the turn's input) and serialized with the
/// runs' reports by its provider format, so the HTTP API and the CLI give the same items.
/// </summary>
internal sealed class TurnFollowUps(ScriptRunClient runs, TurnParser parser)
{
    /// <summary>The turn's state; null when no turn has the id.</summary>
    /// <param name="turnId">The turn's instance id.</param>
    /// <param name="target">The shape of the items; null for the turn's own.</param>
    /// <param name="cancellationToken">Stops the reads.</param>
    public async Task<TurnState?> GetAsync(string turnId, IProviderFormat? target, CancellationToken cancellationToken)
    {
        ScriptTurnInput? input = await runs.GetTurnInputAsync(turnId, cancellationToken).ConfigureAwait(false);
        RunView? turn = input is null ? null : await runs.GetRunAsync(turnId, cancellationToken).ConfigureAwait(false);
        if (input is null || turn is null)
        {
            return null;
        }

        DetectedMessage message = this.Read(input);
        string[] runIds = [.. Enumerable.Range(0, input.Runs.Count).Select(i => RunIds.Run(turnId, i))];
        List<RunView?> views = [];
        foreach (string runId in runIds)
        {
            views.Add(await runs.GetRunAsync(runId, cancellationToken).ConfigureAwait(false));
        }

        target ??= ProviderFormats.Find(input.Provider);
        TurnState state = new(turnId, "running")
        {
            Provider = target?.Name ?? ProviderFormats.PlainTextName,
            ToolCalls = [.. message.ToolCalls.Select(c => new HandedBackCall(c.CallId, c.Name, c.Arguments.DeepClone()))],
            Runs = [.. runIds.Select((id, i) => RunLinks.For(i, id))],
        };

        if (!RunWatcher.IsFinished(turn.RuntimeStatus))
        {
            List<TurnPendingCall> pending = [.. views.SelectMany((view, block) => PendingOf(block, view))];
            return state with { State = pending.Count > 0 ? "paused" : "running", Pending = pending };
        }

        ScriptTurnOutput? output = await runs.GetTurnOutputAsync(turnId, cancellationToken).ConfigureAwait(false);
        List<ScriptRunReport> reports = [.. views.Select((view, block) => ReportOf(view, output?.Runs.FirstOrDefault(r => r.BlockIndex == block), turn.RuntimeStatus))];
        bool completed = turn.RuntimeStatus == OrchestrationRuntimeStatus.Completed && reports.All(r => r.Status == ScriptRunStatus.Completed);
        return state with
        {
            State = completed ? "completed" : "failed",
            Items = target is null ? null : ConversationSerializer.Serialize(target, message, reports, new SerializationOptions { CallIdPrefix = CallIdPrefix(turnId) }),
        };
    }

    /// <summary>Call ids unique per turn, so several turns of one conversation never share one (letters, digits and <c>_</c>, Anthropic's rule).</summary>
    public static string CallIdPrefix(string turnId) =>
        $"call_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(turnId)))[..12]}_script_";

    // The output read again as it was when the turn started; a turn started without it (a library
    // caller) gives its scripts alone, so the follow-up still pairs each script with its report.
    private DetectedMessage Read(ScriptTurnInput input)
    {
        if (input.Output is string text)
        {
            try
            {
                IProviderFormat? format = ProviderFormats.Find(input.Provider);
                ModelOutput read = format is not null && JsonNode.Parse(text) is JsonObject json
                    ? ModelOutputReader.Read(json, format)
                    : ModelOutputReader.Read(text);
                DetectedMessage message = ScriptDetector.Detect(read, parser.Options);
                if (message.Blocks.Count == input.Runs.Count)
                {
                    return message;
                }
            }
            catch (Exception ex) when (ex is ScriptException or JsonException or InvalidOperationException or ArgumentException)
            {
                // Not the output its scripts came from: fall back to the scripts alone.
            }
        }

        string scripts = string.Join("\n", input.Runs.Select(r => $"{ToolCallTags.Open}\n{r.Script}\n{ToolCallTags.Close}"));
        return ScriptDetector.Detect(scripts, parser.Options);
    }

    private static IEnumerable<TurnPendingCall> PendingOf(int block, RunView? view)
    {
        if (view is null || RunWatcher.IsFinished(view.RuntimeStatus) || view.Status is null)
        {
            return [];
        }

        return view.Status.Pending.Select(p => new TurnPendingCall(
            block,
            view.InstanceId,
            p.CallId,
            p.Tool,
            PendingArguments.Of(p),
            p.Kind,
            p.Reason,
            p.ExpiresAt,
            $"{RunLinks.For(block, view.InstanceId).ApprovalsUrl}/{p.CallId}"));
    }

    private static ScriptRunReport ReportOf(RunView? view, TurnRunResult? result, OrchestrationRuntimeStatus turnStatus)
    {
        if (view?.Output is { } output)
        {
            return output.Report;
        }

        if (view is not null && view.RuntimeStatus == OrchestrationRuntimeStatus.Terminated)
        {
            return new ScriptRunReport(ScriptRunStatus.Cancelled) { Error = new ScriptError(ScriptErrorCode.Cancelled, "The run was terminated by force; it has no report.", Retryable: false) };
        }

        if (view is not null || result?.Failure is not null)
        {
            string why = view?.Failure?.Message ?? result?.Failure?.Message ?? "The run's orchestration failed.";
            return new ScriptRunReport(ScriptRunStatus.Failed) { Error = new ScriptError(ScriptErrorCode.Internal, $"The harness failed this run: {why}", Retryable: true) };
        }

        return turnStatus == OrchestrationRuntimeStatus.Terminated
            ? new ScriptRunReport(ScriptRunStatus.Cancelled) { Error = new ScriptError(ScriptErrorCode.Cancelled, "The turn was terminated before this script ran.", Retryable: false) }
            : ScriptReports.NotRun();
    }
}
