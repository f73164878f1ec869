using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Serialization;

namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>The body a webhook receives.</summary>
[JsonConverter(typeof(CamelCaseEnumJsonConverter<NotificationFormat>))]
public enum NotificationFormat
{
    /// <summary>The notification as JSON (<see cref="Notification"/>).</summary>
    Json,

    /// <summary>A Slack incoming-webhook body: <c>{"text": "…"}</c> with the summary and the link.</summary>
    Slack,
}
