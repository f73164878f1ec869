using Microsoft.Extensions.Logging;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>Every log line of the Azure Storage backend's decorators, declared once with a stable event id (5200-5299).</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Error, Message = "Instance '{InstanceId}' was quarantined: {Attempts} dispatched episodes ended with the worker process gone; it is failed without running and no longer dispatched.")]
    public static partial void Quarantined(ILogger logger, string instanceId, int attempts);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Instance '{InstanceId}' is a suspect: {Attempts} earlier episode(s) never came back; it runs alone among this worker's suspects.")]
    public static partial void Suspect(ILogger logger, string instanceId, int attempts);
}
