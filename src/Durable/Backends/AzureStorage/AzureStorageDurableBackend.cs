using DurableTask.AzureStorage;
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
        AzureStorageOrchestrationService service = new(AzureStorageSettingsMapper.ToSettings(options.Value.AzureStorage));
        // Two corrections of the provider found by the Azurite conformance run (see README.md in this folder):
        // timers held until due (queue delays are whole seconds) and purge by id of finished instances only.
        return new DurableBackendConnection(new TimerDueTimeGuard(service), new TerminalOnlyPurgeClient(service));
    }
}
