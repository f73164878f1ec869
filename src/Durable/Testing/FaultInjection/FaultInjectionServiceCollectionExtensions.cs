using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.Configuration;

namespace ScriptHarness.Durable.Testing.FaultInjection;

/// <summary>Arms fault injection in a host wired with <c>AddScriptHarnessDurable</c>.</summary>
public static class FaultInjectionServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the worker's orchestration service of whichever backend <c>durable:backend</c>
    /// selects in a <see cref="FaultInjectingOrchestrationService"/> with <paramref name="rules"/>.
    /// The client keeps talking to the backend directly. Call after <c>AddScriptHarnessDurable</c>;
    /// with no rules nothing changes.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="rules">The faults to arm.</param>
    /// <param name="onFiring">Called just before a rule acts.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddDurableFaultInjection(this IServiceCollection services, IReadOnlyCollection<FaultRule> rules, Action<FaultRule>? onFiring = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count == 0)
        {
            return services;
        }

        services.Replace(ServiceDescriptor.Singleton(sp =>
        {
            DurableOptions options = sp.GetRequiredService<IOptions<DurableOptions>>().Value;
            IDurableBackend backend = sp.GetServices<IDurableBackend>().LastOrDefault(b => string.Equals(b.Name, options.Backend, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"durable:backend '{options.Backend}' is not a registered backend.");
            DurableBackendConnection connection = backend.Create(sp);
            return new DurableBackendConnection(
                new FaultInjectingOrchestrationService(connection.Service, rules, onFiring),
                connection.Client,
                connection.DisposeAsync);
        }));
        return services;
    }
}
