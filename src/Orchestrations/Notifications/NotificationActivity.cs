using Microsoft.DurableTask;

namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// The skeleton of a run's notification activities: when the run has a target wanting the
/// event, describe the notification and deliver it. Delivery failures are returned (recorded in
/// the history as the activity's result) and logged, never thrown, so they cannot fail the run; a
/// worker that dies while it runs has it run again with the same idempotency key (at least once).
/// </summary>
/// <typeparam name="TInput">The activity's input, recorded in the run's history.</typeparam>
public abstract class NotificationActivity<TInput> : TaskActivity<TInput, IReadOnlyList<NotificationDelivery>>
{
    private readonly WebhookNotifier notifier;

    /// <summary>Creates the activity for one event over the worker's notifier.</summary>
    /// <param name="notifier">The worker's notifier.</param>
    /// <param name="notificationEvent">The event it delivers (<see cref="NotificationEvents"/>).</param>
    protected NotificationActivity(WebhookNotifier notifier, string notificationEvent)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        ArgumentException.ThrowIfNullOrEmpty(notificationEvent);
        this.notifier = notifier;
        this.Event = notificationEvent;
    }

    /// <summary>The event this activity delivers.</summary>
    protected string Event { get; }

    /// <inheritdoc />
    public sealed override async Task<IReadOnlyList<NotificationDelivery>> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input is null || this.TargetsOf(input) is not { } targets || !targets.Wants(this.Event))
        {
            return [];
        }

        Notification notification = this.Describe(context.InstanceId, input) with
        {
            DashboardUrl = WebhookNotifier.DashboardUrl(targets, context.InstanceId),
        };
        return await this.notifier.DeliverAsync(notification, targets, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The run's notification targets carried by <paramref name="input"/>, or null when it has none.</summary>
    protected abstract RunNotifications? TargetsOf(TInput input);

    /// <summary>The notification of <see cref="Event"/> for the run <paramref name="runId"/> (its dashboard link is added).</summary>
    protected abstract Notification Describe(string runId, TInput input);
}
