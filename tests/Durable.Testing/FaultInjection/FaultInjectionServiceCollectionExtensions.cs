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
    /// directly. With no rules and no observer nothing changes.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="rules">The faults to arm.</param>
    /// <param name="onFiring">Called just before a rule acts.</param>
    /// <param name="observe">Called at every point reached, with the orchestration instance id.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddDurableFaultInjection(
        this IServiceCollection services,
        IReadOnlyCollection<FaultRule> rules,
        Action<FaultRule>? onFiring = null,
        Action<FaultPoint, string>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count > 0 || observe is not null)
        {
            services.AddSingleton<IDurableBackendDecorator>(new FaultInjectionDecorator(rules, onFiring, observe));
        }

        return services;
    }

    private sealed class FaultInjectionDecorator(IReadOnlyCollection<FaultRule> rules, Action<FaultRule>? onFiring, Action<FaultPoint, string>? observe) : IDurableBackendDecorator
    {
        public DurableBackendConnection Decorate(DurableBackendConnection inner, IServiceProvider services) =>
            new(new FaultInjectingOrchestrationService(inner.Service, rules, onFiring, observe: observe), inner.Client, inner.DisposeAsync);
    }
}
