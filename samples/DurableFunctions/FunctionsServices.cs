using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Samples.DurableFunctions;

/// <summary>What the functions need from the container, without the harness's own durable worker (the Functions host is the worker).</summary>
public static class FunctionsServices
{
    /// <summary>Registers the tools, the <c>orchestrations</c> and <c>scriptRuntime:limits</c> options, and the client factory.</summary>
    public static IServiceCollection AddScriptHarnessFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddScriptHarnessTools(configuration);
        services.AddOrchestrationsOptions(configuration);
        services.AddOptions<ScriptLimits>().Bind(configuration.GetSection(ScriptLimits.SectionName));
        services.TryAddSingleton<ToolCancellation>();
        services.AddNotificationsOptions(configuration);
        services.TryAddSingleton(sp => new WebhookNotifier(sp.GetRequiredService<IOptionsMonitor<NotificationsOptions>>(), sp.GetRequiredService<ILogger<WebhookNotifier>>()));
        services.TryAddSingleton<Func<DurableTaskClient, ScriptRunClient>>(sp => client => new ScriptRunClient(
            client,
            new DurableClientAuditHistoryReader(client),
            sp.GetRequiredService<IOptionsMonitor<OrchestrationsOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<ScriptLimits>>()));
        return services;
    }
}
