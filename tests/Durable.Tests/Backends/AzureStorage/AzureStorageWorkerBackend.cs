using System.Globalization;
using ScriptHarness.Tests.Durable.Crash;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// The <c>azureStorage</c> backend on the shared Azurite for worker-process tests: a fresh task
/// hub per store, short polling, and the visibility timeouts the test asks for (DTFx renews an
/// activity's lock every 5 s while it runs; prefetched control-queue messages are not renewed, so
/// a busy worker needs a longer timeout).
/// </summary>
public sealed class AzureStorageWorkerBackend(AzuriteFixture azurite) : IWorkerBackend
{
    /// <inheritdoc />
    public string Name => "azureStorage";

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> RestartedWorkerSettings { get; } = new Dictionary<string, string>
    {
        // A restarted worker with its predecessor's id reclaims its partition leases at once
        // instead of waiting for them to expire.
        ["durable:azureStorage:workerId"] = "restarted-worker-" + Guid.NewGuid().ToString("N")[..8],
    };

    /// <inheritdoc />
    /// <remarks>
    /// Blob-lease partition management: with the table partition manager, after partitions moved
    /// between three workers a new owner renewed its lease but never polled the control queue,
    /// and its instances stalled (seen here on Azurite; DTFx issues Azure/durabletask#1389 and #1259).
    /// </remarks>
    public IReadOnlyDictionary<string, string> ScaleOutSettings { get; } = new Dictionary<string, string>
    {
        ["durable:azureStorage:useTablePartitionManagement"] = "false",
    };

    /// <inheritdoc />
    public WorkerStore NewStore(string purpose, int partitions, TimeSpan lockTimeout)
    {
        string timeout = lockTimeout.ToString("c", CultureInfo.InvariantCulture);
        // The variable's name is unique per Azurite (ports), so tests never clobber each other's.
        string variable = "SCRIPTHARNESS_AZURITE_" + azurite.Endpoints.BlobPort.ToString(CultureInfo.InvariantCulture);
        return new WorkerStore(
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["durable:backend"] = "azureStorage",
                ["durable:shutdownTimeout"] = "00:00:05",
                ["durable:azureStorage:connectionStringVariable"] = variable,
                ["durable:azureStorage:taskHubName"] = azurite.NewTaskHubName(purpose),
                ["durable:azureStorage:partitionCount"] = partitions.ToString(CultureInfo.InvariantCulture),
                ["durable:azureStorage:maxQueuePollingInterval"] = "00:00:00.200",
                ["durable:azureStorage:workItemQueueVisibilityTimeout"] = timeout,
                ["durable:azureStorage:controlQueueVisibilityTimeout"] = timeout,
                ["durable:azureStorage:useTablePartitionManagement"] = "true",
                ["durable:azureStorage:throwExceptionOnInvalidDedupeStatus"] = "true",
            },
            new Dictionary<string, string> { [variable] = azurite.ConnectionString });
    }
}
