using System.Globalization;

namespace ScriptHarness.Orchestrations.Events;

/// <summary>The external event names a script run listens to.</summary>
public static class RunEvents
{
    /// <summary>Graceful termination: cancel what is pending and finish with a report.</summary>
    public const string Terminate = "terminate";

    /// <summary>The start of every decision event's name.</summary>
    public const string ApprovalPrefix = "approval-";

    /// <summary>The decision event of call <paramref name="callId"/> (payload <see cref="ApprovalDecision"/>).</summary>
    public static string Approval(int callId) => string.Create(CultureInfo.InvariantCulture, $"{ApprovalPrefix}{callId}");

    /// <summary>The call id of a decision event's name, or null when <paramref name="eventName"/> is not one.</summary>
    public static int? ApprovalCallId(string eventName) =>
        eventName is not null && eventName.StartsWith(ApprovalPrefix, StringComparison.Ordinal)
        && int.TryParse(eventName.AsSpan(ApprovalPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int callId)
            ? callId
            : null;

    /// <summary>The result event of host-resolved call <paramref name="callId"/> (payload <see cref="HostResult"/>).</summary>
    public static string Result(int callId) => string.Create(CultureInfo.InvariantCulture, $"result-{callId}");
}
