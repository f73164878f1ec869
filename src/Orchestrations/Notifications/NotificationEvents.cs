namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>The events a webhook can ask for.</summary>
public static class NotificationEvents
{
    /// <summary>A call started waiting for a decision.</summary>
    public const string AwaitingApproval = "awaiting-approval";

    /// <summary>A run finished (completed, failed or cancelled; a forced terminate sends nothing).</summary>
    public const string RunFinished = "run-finished";

    /// <summary>Every event, in that order.</summary>
    public static IReadOnlyList<string> All { get; } = [AwaitingApproval, RunFinished];
}
