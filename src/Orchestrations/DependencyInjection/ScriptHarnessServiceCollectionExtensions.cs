using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Durable.Backends.Sqlite.Hosting;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Durable.Hosting;
using ScriptHarness.Durable.Options;

namespace ScriptHarness.Orchestrations.DependencyInjection;

/// <summary>The one call a library user makes: the whole harness in a service collection.</summary>
public static class ScriptHarnessServiceCollectionExtensions
{
    /// <summary>
    /// Registers the tools (built-ins plus <paramref name="configureTools"/>), the durable
    /// backbone with the SQLite backend selectable, and the script orchestrations with
    /// <see cref="Client.ScriptRunClient"/>, each bound to its section of
    /// <paramref name="configuration"/> and validated at start. When the configuration names no
    /// <c>durable:backend</c>, runs are stored in the embedded SQLite file
    /// (<c>durable:sqlite:databasePath</c>, default <c>./.scriptharness/harness.db</c>), as the
    /// <c>scriptharness</c> tool does.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The root configuration (the shape of host.json).</param>
    /// <param name="configureTools">Adds the host's own tools.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddScriptHarness(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<ToolRegistryBuilder>? configureTools = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Registered before the durable layer binds its section, so a configured backend still wins.
        services.Configure<DurableOptions>(options => options.Backend = SqliteDurableBackend.BackendName);
        services.AddScriptHarnessTools(configuration, configureTools);
        services.AddScriptHarnessDurable(configuration);
        services.AddSqliteDurableBackend();
        services.AddScriptHarnessOrchestrations(configuration);
        return services;
    }
}
