namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// What a webhook receives (format <c>json</c>): one event of one run. The same for every attempt
/// and every replay of the same event, so <see cref="IdempotencyKey"/> lets a receiver drop repeats.
/// </summary>
/// <param name="Event">The event (<see cref="NotificationEvents"/>).</param>
/// <param name="RunId">The run's instance id.</param>
/// <param name="Summary">A short line for a person (model-controlled text inside is cut; escape it where you show it).</param>
/// <param name="IdempotencyKey">Stable per run, call and event: <c>{runId}:{callId}:awaiting-approval</c> or <c>{runId}:run-finished</c>.</param>
public sealed record Notification(string Event, string RunId, string Summary, string IdempotencyKey)
{
    /// <summary>The call that waits (for <c>awaiting-approval</c>).</summary>
    public int? CallId { get; init; }

    /// <summary>The call's tool (for <c>awaiting-approval</c>).</summary>
    public string? Tool { get; init; }

    /// <summary>Why the policy asked (for <c>awaiting-approval</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>When the question expires unanswered (for <c>awaiting-approval</c>).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The report's status (for <c>run-finished</c>): <c>Completed</c>, <c>Failed</c>, <c>Cancelled</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The dashboard link, <c>{publicBaseUrl}/runs/{runId}</c>, when <c>notifications:publicBaseUrl</c> is set.</summary>
    public string? DashboardUrl { get; init; }

    /// <summary>The idempotency key of an event of <paramref name="runId"/> (<paramref name="callId"/> for a call's event).</summary>
    public static string KeyOf(string runId, string notificationEvent, int? callId = null) =>
        callId is int id
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runId}:{id}:{notificationEvent}")
            : $"{runId}:{notificationEvent}";
}
