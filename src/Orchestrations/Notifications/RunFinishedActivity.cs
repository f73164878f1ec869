namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// Scheduled by a run (replay contract 2 and later) that carries notifications wanting
/// <c>run-finished</c>, after its script and calls settled: delivers them.
/// </summary>
public sealed class RunFinishedActivity : NotificationActivity<RunFinishedNotice>
{
    /// <summary>The activity's registered name.</summary>
    public const string Name = "ScriptHarness.RunFinished";

    /// <summary>Creates the activity over the worker's notifier.</summary>
    public RunFinishedActivity(WebhookNotifier notifier)
        : base(notifier, NotificationEvents.RunFinished)
    {
    }

    /// <inheritdoc />
    protected override RunNotifications? TargetsOf(RunFinishedNotice input) => input?.Notifications;

    /// <inheritdoc />
    protected override Notification Describe(string runId, RunFinishedNotice input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new(this.Event, runId, input.Summary, Notification.KeyOf(runId, this.Event)) { Status = input.Status };
    }
}
