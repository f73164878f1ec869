using Azure.Data.Tables;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Options;

namespace ScriptHarness.Durable.Backends.AzureStorage;

/// <summary>
/// The <c>azureStorage</c> backend: DTFx's <see cref="AzureStorageOrchestrationService"/>, the
/// provider Durable Functions runs on (queues, tables and blobs; works against Azurite).
/// </summary>
public sealed class AzureStorageDurableBackend : IDurableBackend
{
    /// <summary>The name host.json selects this backend by.</summary>
    public const string BackendName = "azureStorage";

    /// <inheritdoc />
    public string Name => BackendName;

    /// <inheritdoc />
    public DurableBackendConnection Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = (IOptions<DurableOptions>)services.GetService(typeof(IOptions<DurableOptions>))!;
        AzureStorageBackendOptions azure = options.Value.AzureStorage;
        // The host's secret reader when it took the connection string out of the environment; else the environment.
        var secrets = (IDurableSecretReader?)services.GetService(typeof(IDurableSecretReader));
        AzureStorageOrchestrationServiceSettings settings = AzureStorageSettingsMapper.ToSettings(azure, secrets is null ? null : secrets.Read);
        AzureStorageOrchestrationService service = new(settings);
        // Poison-run quarantine: the provider does not tell us a message's dequeue count, so
        // episodes are counted in a table of our own (see README.md in this folder).
        var verdicts = (EpisodeVerdicts?)services.GetService(typeof(EpisodeVerdicts)) ?? new EpisodeVerdicts();
        var loggers = (ILoggerFactory?)services.GetService(typeof(ILoggerFactory)) ?? NullLoggerFactory.Instance;
        TableServiceClient tables = settings.StorageAccountClientProvider!.Table.CreateClient(new TableClientOptions());
        DispatchAttemptsTable attempts = DispatchAttemptsTable.Create(tables, settings.TaskHubName);
        // Corrections of the provider found by the Azurite conformance run (see README.md in this folder):
        // timers held until due (queue delays are whole seconds), purge by id of finished instances
        // only, and one winner among callers racing to create one new id.
        // The count is outermost, so an episode is charged only when it is really handed to the dispatcher.
        PoisonCountingService counted = new(new TimerDueTimeGuard(service), attempts, verdicts, options.Value.PoisonEpisodeLimit, loggers.CreateLogger<PoisonCountingService>());
        return new DurableBackendConnection(counted, new CorrectedProviderClient(service, CreationClaimsTable.Create(tables, settings.TaskHubName)));
    }
}
