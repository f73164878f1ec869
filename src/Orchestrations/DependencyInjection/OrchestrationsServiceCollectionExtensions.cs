using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Options;

namespace ScriptHarness.Orchestrations.DependencyInjection;

/// <summary>Registers the <c>orchestrations</c> and <c>notifications</c> options, bound and validated at start.</summary>
public static class OrchestrationsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="OrchestrationsOptions"/> to the <c>orchestrations</c> section of
    /// <paramref name="configuration"/> (the whole host.json) and validates it when the host starts.
    /// </summary>
    public static OptionsBuilder<OrchestrationsOptions> AddOrchestrationsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrchestrationsOptions>, OrchestrationsOptionsValidator>());
        return services.AddOptions<OrchestrationsOptions>()
            .Bind(configuration.GetSection(OrchestrationsOptions.SectionName))
            .PostConfigure(options => options.LiveRunCaching ??= LiveRunCalls.CachingOf(configuration))
            .ValidateOnStart();
    }

    /// <summary>
    /// Binds <see cref="NotificationsOptions"/> to the <c>notifications</c> section of
    /// <paramref name="configuration"/> and validates it when the host starts (webhook URLs http or
    /// https only, known events and formats, a secret variable name for each target).
    /// </summary>
    public static OptionsBuilder<NotificationsOptions> AddNotificationsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationsOptions>, NotificationsOptionsValidator>());
        return services.AddOptions<NotificationsOptions>()
            .Bind(configuration.GetSection(NotificationsOptions.SectionName))
            .ValidateOnStart();
    }
}
