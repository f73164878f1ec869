using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Turns;

namespace ScriptHarness.Host.Cli.Commands;

/// <summary>The verbs that act on stored runs through the client alone (no worker): list, status, history, approve, respond, terminate, suspend, resume, purge.</summary>
internal static class InstanceCommands
{
    public static IEnumerable<Command> Create()
    {
        Argument<string> Id() => new("ID") { Description = "A run or turn instance id." };
        Argument<int> Call() => CliValues.CallId();

        Option<string?> statusFilter = new("--status") { Description = "Only runs in these statuses, comma-separated (Running, Completed, Failed, Terminated, Suspended, Pending)." };
        Option<string?> phaseFilter = new("--phase") { Description = $"Only running runs in this phase ({RunListFilters.PhaseNames}); awaiting-approval lists what needs a human." };
        Option<string?> conversationFilter = new("--conversation") { Description = "Only the runs and turns of this conversation." };
        Option<string?> sinceFilter = new("--since") { Description = "Only those created at or after this ISO 8601 time." };
        Option<string?> untilFilter = new("--until") { Description = "Only those created at or before this ISO 8601 time." };
        Command list = new("list", "List runs and turns, newest first: id, kind, status, phase, conversation, created.") { statusFilter, phaseFilter, conversationFilter, sinceFilter, untilFilter };
        list.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            if (!RunListFilters.TryParse(parse.GetValue(statusFilter), parse.GetValue(phaseFilter), parse.GetValue(conversationFilter), parse.GetValue(sinceFilter), parse.GetValue(untilFilter), out RunListQuery query, out var error))
            {
                await Console.Error.WriteLineAsync($"invalid-request: --{(error.Field switch { "createdFrom" => "since", "createdTo" => "until", _ => error.Field })}: {TerminalText.Line(error.Detail)}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            string? continuation = null;
            do
            {
                RunListPage page = await process.Runs.ListRunsAsync(query, pageSize: 100, continuation, ct).ConfigureAwait(false);
                foreach (RunListItem item in page.Items)
                {
                    string phase = item.Phase is { } p ? RunListFilters.Kebab(p) : "-";
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{TerminalText.Line(item.InstanceId)}\t{TerminalText.Line(item.Name)}\t{item.RuntimeStatus}\t{phase}\t{TerminalText.Line(item.ConversationId ?? "-")}\t{item.CreatedAt:u}{(item.ContinuedFrom is { } from ? "\tcontinues " + TerminalText.Line(from) : string.Empty)}")).ConfigureAwait(false);
                }

                continuation = page.ContinuationToken;
            }
            while (continuation is not null);

            return 0;
        }));

        Argument<string> statusId = Id();
        Command status = new("status", "Show a run: status, pending approvals, report when finished (JSON).") { statusId };
        status.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            RunView? view = await process.Runs.GetRunAsync(parse.GetValue(statusId)!, ct).ConfigureAwait(false);
            if (view is null)
            {
                await Console.Error.WriteLineAsync($"not-found: no run has id {TerminalText.Line(parse.GetValue(statusId))}.").ConfigureAwait(false);
                return ExitCodes.RequestRefused;
            }

            await Console.Out.WriteLineAsync(TerminalText.Line(JsonSerializer.Serialize(RunResponse.From(view, baseUrl: null), ReportJson.Options))).ConfigureAwait(false);
            return 0;
        }));

        Argument<string> historyId = Id();
        Option<bool> historyJson = new("--json") { Description = "One JSON object per history event, one per line." };
        Option<bool> historyAudit = new("--audit") { Description = "The audit view: when each call was asked, decided (who, scope, reason), ran and finished (with --json: one JSON object)." };
        Command history = new("history", "Show a run's history: the audit trail of calls, approvals, timers.") { historyId, historyJson, historyAudit };
        history.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            string id = parse.GetValue(historyId)!;
            if (parse.GetValue(historyAudit))
            {
                return await AuditCommand.WriteAsync(process.Runs, id, parse.GetValue(historyJson), ct).ConfigureAwait(false);
            }

            IReadOnlyList<DurableHistoryEvent> events = await process.Runs.GetHistoryAsync(id, ct).ConfigureAwait(false);
            if (parse.GetValue(historyJson))
            {
                await DurableHistoryJson.WriteJsonLinesAsync(events, Console.Out, ct).ConfigureAwait(false);
            }
            else
            {
                foreach (DurableHistoryEvent e in events)
                {
                    await Console.Out.WriteLineAsync(HistoryText.Describe(e)).ConfigureAwait(false);
                }
            }

            return 0;
        }));

        Argument<string> approveId = Id();
        Argument<int> approveCall = Call();
        Option<bool> deny = new("--deny") { Description = "Deny instead of approve." };
        Option<string?> reason = new("--reason") { Description = "Why (shown to the model on denial)." };
        Option<DecisionScope> scope = CliValues.Scope();
        Command approve = new("approve", "Approve (or with --deny, deny) a call that waits for approval.") { approveId, approveCall, deny, reason, scope };
        approve.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            ApprovalDecision decision = new(parse.GetValue(deny) ? DecisionVerdict.Deny : DecisionVerdict.Approve, parse.GetValue(scope), parse.GetValue(reason), "cli:" + Environment.UserName);
            DecisionOutcome outcome = await process.Runs.DecideAsync(parse.GetValue(approveId)!, parse.GetValue(approveCall), decision, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(outcome == DecisionOutcome.Delivered ? "delivered" : "already-decided").ConfigureAwait(false);
            return 0;
        }));

        Argument<string> respondId = Id();
        Argument<int> respondCall = Call();
        Option<string> value = new("--json") { Description = "The call's result as JSON.", Required = true };
        Command respond = new("respond", "Post the result of a host-resolved call.") { respondId, respondCall, value };
        respond.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            JsonElement result;
            try
            {
                using JsonDocument document = JsonDocument.Parse(parse.GetValue(value)!);
                result = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                await Console.Error.WriteLineAsync($"invalid-request: --json is not JSON: {TerminalText.Line(ex.Message)}").ConfigureAwait(false);
                return ExitCodes.RequestRefused;
            }

            await process.Runs.PostResultAsync(parse.GetValue(respondId)!, parse.GetValue(respondCall), new HostResult(result, DecidedBy: "cli:" + Environment.UserName), ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync("delivered").ConfigureAwait(false);
            return 0;
        }));

        Argument<string> terminateId = Id();
        Option<bool> force = new("--force") { Description = "The framework's hard terminate: no report." };
        Option<string?> terminateReason = new("--reason") { Description = "Why." };
        Command terminate = new("terminate", "Stop a run or turn: gracefully with a report, or by force.") { terminateId, force, terminateReason };
        terminate.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            TerminateRequest request = new(parse.GetValue(terminateReason), "cli:" + Environment.UserName);
            await process.Runs.TerminateAsync(parse.GetValue(terminateId)!, request, parse.GetValue(force), ct).ConfigureAwait(false);

            await Console.Out.WriteLineAsync("terminating").ConfigureAwait(false);
            return 0;
        }));

        Argument<string> suspendId = Id();
        Command suspend = new("suspend", "Suspend a run (the framework's suspend): nothing of it is processed until resumed.") { suspendId };
        suspend.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            await process.Runs.SuspendAsync(parse.GetValue(suspendId)!, "cli suspend", ct).ConfigureAwait(false);
            return 0;
        }));

        Argument<string> resumeId = Id();
        Command resume = new("resume", "Resume a suspended run.") { resumeId };
        resume.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            await process.Runs.ResumeAsync(parse.GetValue(resumeId)!, "cli resume", ct).ConfigureAwait(false);
            return 0;
        }));

        Argument<string> purgeId = Id();
        Command purge = new("purge", "Delete a finished run's state and history from the store.") { purgeId };
        purge.SetAction((parse, ct) => WithClientAsync(parse, ct, async process =>
        {
            // Refuses a run that has not finished (run-not-finished, exit 6) instead of purging nothing.
            int purged = await process.Runs.PurgeAsync(parse.GetValue(purgeId)!, ct).ConfigureAwait(false);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"purged {purged}")).ConfigureAwait(false);
            return 0;
        }));

        return [list, status, history, approve, respond, terminate, suspend, resume, purge];
    }

    private static async Task<int> WithClientAsync(ParseResult parse, CancellationToken ct, Func<HarnessProcess, Task<int>> action)
    {
        try
        {
            await using HarnessProcess process = await HarnessProcess.StartAsync(CliContext.Load(parse), worker: false, ct, existingStoreOnly: true).ConfigureAwait(false);
            return await action(process).ConfigureAwait(false);
        }
        catch (Exception ex) when (CliContext.IsConfigurationError(ex, out string message))
        {
            return CliContext.ConfigurationFailed(message);
        }
        catch (ScriptRunClientException ex)
        {
            // The client's refusals, the framework's translated (code refused) among them.
            await Console.Error.WriteLineAsync($"{ex.StableCode}: {TerminalText.Line(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.RequestRefused;
        }
    }
}
