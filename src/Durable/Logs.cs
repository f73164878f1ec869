using Microsoft.Extensions.Logging;

namespace ScriptHarness.Durable;

/// <summary>
/// Every log line of the durable hosting core (worker, shims, middleware), declared once with a
/// stable event id (9000-9099). Backends keep their own <c>Logs</c> with their own range
/// (src/Durable/README.md, "Log event ids").
/// </summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Durable worker started on backend {Backend} with {Orchestrators} orchestrators and {Activities} activities.")]
    public static partial void WorkerStarted(ILogger logger, string backend, int orchestrators, int activities);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Durable worker stopped.")]
    public static partial void WorkerStopped(ILogger logger);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Durable worker did not stop within {Timeout}; work in flight is left to the backend's redelivery.")]
    public static partial void StopTimedOut(ILogger logger, TimeSpan timeout);
}
