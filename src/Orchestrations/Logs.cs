using Microsoft.Extensions.Logging;

namespace ScriptHarness.Orchestrations;

/// <summary>
/// Every log line of the orchestrations, declared once with a stable event id in the range
/// 3000–3999 (ScriptRuntime would use 1000–1999, Activities 2000–2999, the durable layer 9000s):
/// 30xx hosting, 31xx cross-worker cancellation, 32xx script runs, 33xx notifications. Orchestrators log only through
/// the context's replay-safe logger, so a replay writes nothing twice.
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Prewarmed {Count} script sandboxes for the host's limits.")]
    public static partial void SandboxesPrewarmed(this ILogger logger, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Script sandboxes were not prewarmed: {Reason}")]
    public static partial void SandboxesNotPrewarmed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Run {InstanceId} asked to cancel call {CallId}; stopping it on this worker.")]
    public static partial void CancelSeen(this ILogger logger, string instanceId, int callId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Reading the status of run {InstanceId} for its cancelled calls failed; retrying.")]
    public static partial void StatusReadFailed(this ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "Run {InstanceId} was not found while its calls run here; retrying.")]
    public static partial void RunNotFound(this ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Run {InstanceId} has finished while call {CallId} still runs; nobody awaits the call, stopping it.")]
    public static partial void RunFinishedWhileCallRuns(this ILogger logger, string instanceId, int callId);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Cancelling call {CallId} of run {InstanceId} threw.")]
    public static partial void CancelFailed(this ILogger logger, Exception exception, string instanceId, int callId);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Debug, Message = "Script run {InstanceId} started ({Mode}).")]
    public static partial void ScriptRunStarted(this ILogger logger, string instanceId, string mode);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Script run {InstanceId} finished: {Status}, {Calls} calls{Terminated}.")]
    public static partial void ScriptRunFinished(this ILogger logger, string instanceId, string status, int calls, string terminated);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "The {Event} notification of run {InstanceId} was not delivered to target {Target} ({Host}) after {Attempts} attempts: {Error}.")]
    public static partial void NotificationFailed(this ILogger logger, string @event, string instanceId, int target, string host, int attempts, string error);
}
