using Microsoft.DurableTask;

namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// Scheduled by a run (replay contract 2 and later) when a call starts waiting for a decision:
/// its place in the history is the explicit "asked" moment the audit view shows, and it
/// delivers the <c>awaiting-approval</c> notifications. Delivery failures are returned (recorded)
/// and logged, never thrown, so they cannot fail the run; a worker that dies while it runs has
/// it run again with the same idempotency key (at least once).
/// </summary>
public sealed class CallAwaitingDecisionActivity : TaskActivity<CallAwaitingDecision, IReadOnlyList<NotificationDelivery>>
{
    /// <summary>The activity's registered name.</summary>
    public const string Name = "ScriptHarness.CallAwaitingDecision";

    private readonly WebhookNotifier notifier;

    /// <summary>Creates the activity over the worker's notifier.</summary>
    public CallAwaitingDecisionActivity(WebhookNotifier notifier)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        this.notifier = notifier;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<NotificationDelivery>> RunAsync(TaskActivityContext context, CallAwaitingDecision input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input?.Notifications is not { } targets || !targets.Wants(NotificationEvents.AwaitingApproval))
        {
            return [];
        }

        Notification notification = new(
            NotificationEvents.AwaitingApproval,
            context.InstanceId,
            input.Summary,
            Notification.KeyOf(context.InstanceId, NotificationEvents.AwaitingApproval, input.CallId))
        {
            CallId = input.CallId,
            Tool = input.Tool,
            Reason = input.Reason,
            ExpiresAt = new DateTimeOffset(DateTime.SpecifyKind(input.ExpiresAt, DateTimeKind.Utc)),
            DashboardUrl = WebhookNotifier.DashboardUrl(targets, context.InstanceId),
        };
        return await this.notifier.DeliverAsync(notification, targets, CancellationToken.None).ConfigureAwait(false);
    }
}
