using DurableTask.AzureStorage;
using ScriptHarness.Durable.Options;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>Maps <c>durable:azureStorage</c> onto DTFx's Azure Storage provider settings.</summary>
public static class AzureStorageSettingsMapper
{
    /// <summary>
    /// Builds the provider settings. The connection string is read from the environment
    /// variable the options name; it is never logged or stored.
    /// </summary>
    /// <param name="options">The bound <c>durable:azureStorage</c> section.</param>
    /// <param name="readVariable">Reads an environment variable (replaceable in tests).</param>
    /// <exception cref="DurableConfigurationException">The variable is unset or empty.</exception>
    public static AzureStorageOrchestrationServiceSettings ToSettings(AzureStorageBackendOptions options, Func<string, string?>? readVariable = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        readVariable ??= Environment.GetEnvironmentVariable;
        string? connectionString = readVariable(options.ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new DurableConfigurationException(
                $"durable:azureStorage:connectionStringVariable names '{options.ConnectionStringVariable}', but that environment variable is not set.");
        }

        return new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ExtendedSessionsEnabled = options.ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = options.ExtendedSessionIdleTimeout,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            UseTablePartitionManagement = options.UseTablePartitionManagement,
            ThrowExceptionOnInvalidDedupeStatus = options.ThrowExceptionOnInvalidDedupeStatus,
            WorkerId = string.IsNullOrEmpty(options.WorkerId)
                ? $"{Environment.MachineName}-{Environment.ProcessId}"
                : options.WorkerId,
        };
    }
}
