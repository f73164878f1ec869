using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.History;
using ScriptHarness.Durable.Hosting;
using ScriptHarness.Durable.Options;
using ScriptHarness.Durable.Shims;

namespace ScriptHarness.Durable.DependencyInjection;

/// <summary>Wires the durable backbone into a service collection.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable worker (a hosted service) and a <see cref="DurableTaskClient"/> over the
    /// backend that the <c>durable</c> section of <paramref name="configuration"/> selects, and the
    /// <see cref="IAuditHistoryReader"/> that serves its history in the audit shape.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The root configuration (host.json); its <c>durable</c> section is bound and validated at start.</param>
    /// <param name="configureTasks">Registers orchestrators and activities with the SDK's standard API.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddScriptHarnessDurable(this IServiceCollection services, IConfiguration configuration, Action<DurableTaskRegistry>? configureTasks = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<DurableOptions>().Bind(configuration.GetSection(DurableOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableOptions>, DurableOptionsValidator>());
        services.AddOptions<DurableTaskRegistry>();
        BuiltInBackends.Register(services);
        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        services.TryAddSingleton<EpisodeVerdicts>();
        services.TryAddSingleton(DurableBackendSelector.Connect);
        services.TryAddSingleton<DurableTaskClient>(sp => new TaskHubDurableTaskClient(
            sp.GetRequiredService<DurableBackendConnection>().Client,
            sp.GetRequiredService<DataConverter>(),
            sp.GetRequiredService<IOptions<DurableOptions>>().Value.Versioning.DefaultVersion));
        services.TryAddSingleton<IAuditHistoryReader>(sp => new DurableClientAuditHistoryReader(sp.GetRequiredService<DurableTaskClient>()));
        services.TryAddSingleton<DurableWorkerHostedService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DurableWorkerHostedService>(sp => sp.GetRequiredService<DurableWorkerHostedService>()));

        if (configureTasks is not null)
        {
            services.AddScriptHarnessDurableTasks(configureTasks);
        }

        return services;
    }

    /// <summary>
    /// Registers orchestrators and activities (<c>AddOrchestrator</c>, <c>AddActivity</c>, factories
    /// by name). Callable by any layer, any number of times, before the host starts.
    /// </summary>
    public static IServiceCollection AddScriptHarnessDurableTasks(this IServiceCollection services, Action<DurableTaskRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.Configure(configure);
    }

    /// <summary>Makes a backend selectable by its <see cref="IDurableBackend.Name"/> in <c>durable:backend</c>.</summary>
    public static IServiceCollection AddDurableBackend<TBackend>(this IServiceCollection services)
        where TBackend : class, IDurableBackend
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDurableBackend, TBackend>());
        return services;
    }
}
