namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// The notifications a run was started with (<c>ScriptRunInput.Notifications</c>): part of the
/// input so that the actions a run schedules depend on its input only. Holds no secret: each
/// target names the environment variable its worker reads the secret from.
/// </summary>
/// <param name="Targets">The webhooks.</param>
/// <param name="PublicBaseUrl">The base of the dashboard link, without a trailing slash; null for no link.</param>
public sealed record RunNotifications(IReadOnlyList<NotificationTarget> Targets, string? PublicBaseUrl)
{
    /// <summary>Whether any target wants <paramref name="notificationEvent"/>.</summary>
    public bool Wants(string notificationEvent) =>
        this.Targets.Any(t => t.Events.Contains(notificationEvent, StringComparer.Ordinal));
}

/// <summary>One webhook as a run carries it.</summary>
/// <param name="Url">Where to POST.</param>
/// <param name="Events">The events it wants (<see cref="NotificationEvents"/>).</param>
/// <param name="SecretVariable">The environment variable holding its signing secret.</param>
/// <param name="Format">The body's shape.</param>
public sealed record NotificationTarget(string Url, IReadOnlyList<string> Events, string SecretVariable, NotificationFormat Format = NotificationFormat.Json);
