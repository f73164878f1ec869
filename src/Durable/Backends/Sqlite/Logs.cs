using Microsoft.Extensions.Logging;

namespace ScriptHarness.Durable.Backends.Sqlite;

/// <summary>Every log line of the SQLite store, declared once with a stable event id (5100-5199).</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Checkpoint of instance '{InstanceId}' by worker '{WorkerId}' refused: its lock was taken over (fencing); nothing was applied.")]
    public static partial void CheckpointRefused(ILogger logger, string instanceId, string workerId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Instance '{InstanceId}' fails: {Reason}")]
    public static partial void CheckpointPayloadTooLarge(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Result of activity '{Name}' of instance '{InstanceId}' is {Size} bytes, over the limit: the call fails.")]
    public static partial void ActivityResultTooLarge(ILogger logger, string name, string instanceId, int size);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Discarded {Count} message(s) to instance '{InstanceId}', which is {Status}.")]
    public static partial void DiscardedMessages(ILogger logger, int count, string instanceId, string status);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Dropped {Count} message(s) to instances that do not exist.")]
    public static partial void MessagesToMissingInstances(ILogger logger, int count);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "Renewing work-item locks failed; will retry.")]
    public static partial void RenewalFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Information, Message = "Retention purged {Count} finished instance(s) older than {Retention}.")]
    public static partial void RetentionPurged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "Retention purge failed; will retry.")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Error, Message = "Instance '{InstanceId}' was quarantined: {Attempts} dispatched episodes ended with the worker process gone; it is failed and no longer dispatched.")]
    public static partial void InstanceQuarantined(ILogger logger, string instanceId, long attempts);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Warning, Message = "Instance '{InstanceId}' was terminated by force in the store.")]
    public static partial void InstanceTerminatedInStore(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "Activity work item {WorkItemId} of instance '{InstanceId}' has been locked for {Lifetime} (MaxActivityLockLifetime); its lock is no longer renewed and the task will be retried once it expires.")]
    public static partial void ActivityLockLifetimeReached(ILogger logger, string workItemId, string instanceId, TimeSpan lifetime);
}
