using System.Globalization;
using System.Text;
using Microsoft.DurableTask;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The run's notices (replay contract 2 and later), orchestrator code: when a call starts waiting
/// for a decision it schedules <see cref="CallAwaitingDecisionActivity"/> (always: it is the
/// explicit "asked" event of the audit, and it notifies the targets that want it), without
/// awaiting it; when the run ends it schedules <see cref="RunFinishedActivity"/> when a target
/// wants <c>run-finished</c>, then waits for every notice (a notice's failure never changes the
/// report). Under contract 1 it schedules nothing. What it schedules depends on the input only.
/// </summary>
internal sealed class RunNotices(TaskOrchestrationContext context, ScriptRunInput input, int contract)
{
    private const int SummaryArgumentsLength = 200;
    private readonly List<Task> sent = [];

    private bool Enabled => contract >= 2;

    /// <summary>Records that <paramref name="call"/> starts waiting for a decision until <paramref name="expiresAt"/>.</summary>
    public void Asked(TrackedCall call, DateTime expiresAt)
    {
        if (!this.Enabled)
        {
            return;
        }

        string summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{call.Request.Tool} call {call.CallId} of run {context.InstanceId} waits for approval: {call.Verdict.Reason}. Arguments: {Cut(call.Request.Args.GetRawText(), SummaryArgumentsLength)}");
        CallAwaitingDecision asked = new(call.CallId, call.Request.Tool, call.Verdict.Reason, OneLine(summary), expiresAt)
        {
            Notifications = input.Notifications,
        };
        this.sent.Add(context.CallActivityAsync<IReadOnlyList<NotificationDelivery>>(CallAwaitingDecisionActivity.Name, asked));
    }

    /// <summary>Tells the targets that want it how the run ended, and waits for every notice.</summary>
    public async Task FinishAsync(ScriptRunReport report)
    {
        if (!this.Enabled)
        {
            return;
        }

        if (input.Notifications is { } notifications && notifications.Wants(NotificationEvents.RunFinished))
        {
            string summary = $"Run {context.InstanceId} finished: {report.Status}" +
                (report.Error is { } error ? $" ({error.Code}: {Cut(error.Message, SummaryArgumentsLength)})" : string.Empty) + ".";
            this.sent.Add(context.CallActivityAsync<IReadOnlyList<NotificationDelivery>>(
                RunFinishedActivity.Name,
                new RunFinishedNotice(report.Status.ToString(), OneLine(summary), notifications)));
        }

        foreach (Task notice in this.sent)
        {
            try
            {
                await notice;
            }
            catch (TaskFailedException)
            {
                // The activity records its own delivery failures; one that throws anyway must not fail the run.
            }
        }
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");

    /// <summary>The summary as one line: control characters (newlines, escapes) become spaces.</summary>
    private static string OneLine(string text)
    {
        StringBuilder line = new(text.Length);
        foreach (char c in text)
        {
            line.Append(char.IsControl(c) ? ' ' : c);
        }

        return line.ToString();
    }
}
