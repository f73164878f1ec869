namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// Webhooks told when a call starts waiting for a decision and when a run finishes (host.json
/// section <c>notifications</c>), validated at start (<see cref="NotificationsOptionsValidator"/>).
/// The targets travel in each run's input (<see cref="RunNotifications"/>) so a host.json edit never
/// changes what an old run schedules; the delivery settings below are the worker's.
/// </summary>
public sealed class NotificationsOptions
{
    /// <summary>The host.json section name.</summary>
    public const string SectionName = "notifications";

    /// <summary>
    /// The server's address as a person reaches it (for example <c>https://harness.example.com</c>):
    /// each notification links to <c>{publicBaseUrl}/runs/{runId}</c>. No link when unset.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The webhooks, each with the events it wants.</summary>
    public IList<NotificationTargetOptions> Targets { get; } = [];

    /// <summary>Attempts per delivery, the first included (default 4, from 1 to 10).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the second attempt, doubled before each later one (default 1 s, at most 1 min).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take (default 10 s, from 100 ms to 2 min).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>What travels in a run's input: the targets and the link base; null when there are no targets.</summary>
    public RunNotifications? ForRun() => this.Targets.Count == 0
        ? null
        : new RunNotifications(
            [.. this.Targets.Select(t => new NotificationTarget(t.Url ?? string.Empty, [.. t.EventsOrDefault()], t.SecretVariable ?? string.Empty, t.Format))],
            string.IsNullOrWhiteSpace(this.PublicBaseUrl) ? null : this.PublicBaseUrl.TrimEnd('/'));
}
