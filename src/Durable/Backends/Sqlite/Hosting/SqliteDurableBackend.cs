using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Options;

namespace ScriptHarness.Durable.Backends.Sqlite.Hosting;

/// <summary>
/// The <c>sqlite</c> backend: <see cref="SqliteOrchestrationService"/> on one file, configured by
/// the host.json section <c>durable:sqlite</c> (keys are the properties of
/// <see cref="SqliteOrchestrationServiceSettings"/>, e.g. <c>databasePath</c>, <c>synchronous</c>).
/// The zero-setup default: nothing to install, the file is created on first use.
/// </summary>
public sealed class SqliteDurableBackend : IDurableBackend
{
    /// <summary>The name host.json selects this backend by.</summary>
    public const string BackendName = "sqlite";

    /// <summary>The configuration section of this backend's settings.</summary>
    public const string SectionName = "durable:sqlite";

    /// <inheritdoc />
    public string Name => BackendName;

    /// <summary>Reads and validates the settings from <c>durable:sqlite</c> (defaults when the section is absent).</summary>
    /// <exception cref="Errors.SqliteStoreException"><c>sqlite-invalid-settings</c>.</exception>
    public static SqliteOrchestrationServiceSettings ReadSettings(IConfiguration? configuration)
    {
        var settings = new SqliteOrchestrationServiceSettings();
        configuration?.GetSection(SectionName).Bind(settings);
        settings.Validate();
        return settings;
    }

    /// <inheritdoc />
    public DurableBackendConnection Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The settings come from the configuration handed to AddScriptHarnessDurable (bound into
        // DurableOptions), never from the container's IConfiguration: a container may have none
        // (a client-only process) or another one, and would then silently open the default file.
        DurableOptions options = services.GetRequiredService<IOptions<DurableOptions>>().Value;
        SqliteOrchestrationServiceSettings settings = options.Sqlite.Clone();
        settings.PoisonEpisodeLimit = options.PoisonEpisodeLimit;
        settings.Validate();
        var service = new SqliteOrchestrationService(settings, services.GetService<ILoggerFactory>());
        return new DurableBackendConnection(service, service, service.DisposeAsync);
    }
}
