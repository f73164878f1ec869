namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// Scheduled by a run (replay contract 2 and later) when a call starts waiting for a decision:
/// its place in the history is the explicit "asked" moment the audit view shows, and it
/// delivers the <c>awaiting-approval</c> notifications.
/// </summary>
public sealed class CallAwaitingDecisionActivity : NotificationActivity<CallAwaitingDecision>
{
    /// <summary>The activity's registered name.</summary>
    public const string Name = "ScriptHarness.CallAwaitingDecision";

    /// <summary>Creates the activity over the worker's notifier.</summary>
    public CallAwaitingDecisionActivity(WebhookNotifier notifier)
        : base(notifier, NotificationEvents.AwaitingApproval)
    {
    }

    /// <inheritdoc />
    protected override RunNotifications? TargetsOf(CallAwaitingDecision input) => input?.Notifications;

    /// <inheritdoc />
    protected override Notification Describe(string runId, CallAwaitingDecision input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new(this.Event, runId, input.Summary, Notification.KeyOf(runId, this.Event, input.CallId))
        {
            CallId = input.CallId,
            Tool = input.Tool,
            Reason = input.Reason,
            ExpiresAt = new DateTimeOffset(DateTime.SpecifyKind(input.ExpiresAt, DateTimeKind.Utc)),
        };
    }
}
