using DurableTask.AzureStorage;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>DTFx's Azure Storage service tuned for tests on Azurite: short polling, one task hub per test.</summary>
public static class AzureStorageTestServices
{
    /// <summary>Settings for a fresh task hub on the given Azurite.</summary>
    public static AzureStorageOrchestrationServiceSettings Settings(
        AzuriteFixture azurite,
        string taskHub,
        int partitionCount = 1,
        bool extendedSessions = false) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(azurite.ConnectionString),
        TaskHubName = taskHub,
        PartitionCount = partitionCount,
        MaxQueuePollingInterval = TimeSpan.FromMilliseconds(200),
        UseTablePartitionManagement = true,
        ExtendedSessionsEnabled = extendedSessions,
        ThrowExceptionOnInvalidDedupeStatus = true,
        MaxConcurrentTaskActivityWorkItems = 20,
        MaxConcurrentTaskOrchestrationWorkItems = 20,
    };
}
