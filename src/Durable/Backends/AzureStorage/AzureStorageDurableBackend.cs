using DurableTask.AzureStorage;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Configuration;

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
        // The host's secret reader when it took the connection string out of the environment; else the environment.
        var secrets = (IDurableSecretReader?)services.GetService(typeof(IDurableSecretReader));
        AzureStorageOrchestrationService service = new(AzureStorageSettingsMapper.ToSettings(options.Value.AzureStorage, secrets is null ? null : secrets.Read));
        // Two corrections of the provider found by the Azurite conformance run (see README-azure.md):
        // timers held until due (queue delays are whole seconds) and purge by id of finished instances only.
        return new DurableBackendConnection(new TimerDueTimeGuard(service), new TerminalOnlyPurgeClient(service));
    }
}
