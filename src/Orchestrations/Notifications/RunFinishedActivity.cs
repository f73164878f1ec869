using Microsoft.DurableTask;

namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// Scheduled by a run (replay contract 2 and later) that carries notifications wanting
/// <c>run-finished</c>, after its script and calls settled: delivers them. Failures are returned
/// and logged, never thrown.
/// </summary>
public sealed class RunFinishedActivity : TaskActivity<RunFinishedNotice, IReadOnlyList<NotificationDelivery>>
{
    /// <summary>The activity's registered name.</summary>
    public const string Name = "ScriptHarness.RunFinished";

    private readonly WebhookNotifier notifier;

    /// <summary>Creates the activity over the worker's notifier.</summary>
    public RunFinishedActivity(WebhookNotifier notifier)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        this.notifier = notifier;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<NotificationDelivery>> RunAsync(TaskActivityContext context, RunFinishedNotice input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input?.Notifications is not { } targets)
        {
            return [];
        }

        Notification notification = new(
            NotificationEvents.RunFinished,
            context.InstanceId,
            input.Summary,
            Notification.KeyOf(context.InstanceId, NotificationEvents.RunFinished))
        {
            Status = input.Status,
            DashboardUrl = WebhookNotifier.DashboardUrl(targets, context.InstanceId),
        };
        return await this.notifier.DeliverAsync(notification, targets, CancellationToken.None).ConfigureAwait(false);
    }
}
