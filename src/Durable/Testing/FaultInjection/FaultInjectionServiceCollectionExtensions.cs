using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.Backends;

namespace ScriptHarness.Durable.Testing.FaultInjection;

/// <summary>Arms fault injection in a host wired with <c>AddScriptHarnessDurable</c>.</summary>
public static class FaultInjectionServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the worker's orchestration service of whichever backend <c>durable:backend</c>
    /// selects in a <see cref="FaultInjectingOrchestrationService"/> with <paramref name="rules"/>
    /// (an <see cref="IDurableBackendDecorator"/>). The client keeps talking to the backend
    /// directly. With no rules nothing changes.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="rules">The faults to arm.</param>
    /// <param name="onFiring">Called just before a rule acts.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddDurableFaultInjection(this IServiceCollection services, IReadOnlyCollection<FaultRule> rules, Action<FaultRule>? onFiring = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count > 0)
        {
            services.AddSingleton<IDurableBackendDecorator>(new FaultInjectionDecorator(rules, onFiring));
        }

        return services;
    }

    sealed class FaultInjectionDecorator(IReadOnlyCollection<FaultRule> rules, Action<FaultRule>? onFiring) : IDurableBackendDecorator
    {
        public DurableBackendConnection Decorate(DurableBackendConnection inner, IServiceProvider services) =>
            new(new FaultInjectingOrchestrationService(inner.Service, rules, onFiring), inner.Client, inner.DisposeAsync);
    }
}
