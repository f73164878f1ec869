using System.Globalization;

namespace ScriptHarness.Orchestrations.Events;

/// <summary>The external event names a script run listens to.</summary>
public static class RunEvents
{
    /// <summary>Graceful termination: cancel what is pending and finish with a report.</summary>
    public const string Terminate = "terminate";

    /// <summary>The decision event of call <paramref name="callId"/> (payload <see cref="ApprovalDecision"/>).</summary>
    public static string Approval(int callId) => string.Create(CultureInfo.InvariantCulture, $"approval-{callId}");

    /// <summary>The result event of host-resolved call <paramref name="callId"/> (payload <see cref="HostResult"/>).</summary>
    public static string Result(int callId) => string.Create(CultureInfo.InvariantCulture, $"result-{callId}");
}
