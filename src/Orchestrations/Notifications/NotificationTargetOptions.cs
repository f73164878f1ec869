namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>One webhook of host.json <c>notifications:targets</c>.</summary>
public sealed class NotificationTargetOptions
{
    /// <summary>Where to POST (http or https, absolute).</summary>
    public string? Url { get; set; }

    /// <summary>
    /// The events it wants: <c>awaiting-approval</c> (a call starts waiting for a decision) and
    /// <c>run-finished</c>. Default both.
    /// </summary>
    public IList<string> Events { get; } = [];

    /// <summary>
    /// The environment variable that holds the HMAC-SHA256 signing secret (never the secret
    /// itself: it is kept out of files, history and logs). Required.
    /// </summary>
    public string? SecretVariable { get; set; }

    /// <summary><c>json</c> (default: the full notification) or <c>slack</c> (a Slack incoming-webhook body, <c>{"text": …}</c>).</summary>
    public NotificationFormat Format { get; set; } = NotificationFormat.Json;

    /// <summary>The events it wants, both when none are listed.</summary>
    public IEnumerable<string> EventsOrDefault() => this.Events.Count == 0 ? NotificationEvents.All : this.Events;
}
