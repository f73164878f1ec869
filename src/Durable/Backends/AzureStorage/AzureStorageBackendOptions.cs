namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>
/// Settings of the Azure Storage backend (<c>durable:azureStorage</c>), mapped onto DTFx's
/// <c>AzureStorageOrchestrationServiceSettings</c>. The connection string is never in the file:
/// <see cref="ConnectionStringVariable"/> names the environment variable that holds it.
/// </summary>
public sealed class AzureStorageBackendOptions
{
    /// <summary>Name of the environment variable holding the storage connection string.</summary>
    public string ConnectionStringVariable { get; set; } = "SCRIPTHARNESS_AZURE_STORAGE";

    /// <summary>Task hub name: queues, tables and blob containers are named after it.</summary>
    public string TaskHubName { get; set; } = "scriptharness";

    /// <summary>Number of control-queue partitions (1 to 16); fixed once the task hub exists.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>Longest wait between two polls of an empty queue.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Keeps orchestrations in memory between episodes instead of replaying them.</summary>
    public bool ExtendedSessionsEnabled { get; set; }

    /// <summary>How long an idle extended session stays in memory.</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Orchestration work items processed at once by this worker.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>Activities run at once by this worker.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>Visibility timeout of work-item (activity) queue messages; DTFx renews it while an activity runs.</summary>
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Visibility timeout of control (orchestration) queue messages.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Partition management through a table (recommended) instead of blob leases.</summary>
    public bool UseTablePartitionManagement { get; set; } = true;

    /// <summary>
    /// Throw <c>OrchestrationAlreadyExistsException</c> when a start is refused as a duplicate,
    /// instead of dropping it silently. Keep on: the client relies on it to refuse a second run.
    /// </summary>
    public bool ThrowExceptionOnInvalidDedupeStatus { get; set; } = true;

    /// <summary>Identifies this worker in partition ownership; defaults to the machine name and process id.</summary>
    public string? WorkerId { get; set; }
}
