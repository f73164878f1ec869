using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Telemetry;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Durable.History;
using ScriptHarness.Durable.Hosting;
using ScriptHarness.Durable.Options;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Hosting;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Telemetry;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Orchestrations.DependencyInjection;

/// <summary>Wires script runs into a host that already has the durable backbone and the tools.</summary>
public static class OrchestrationsHostingExtensions
{
    /// <summary>
    /// Registers the turn and run orchestrators, one activity per tool of the
    /// <see cref="ToolRegistry"/> in the container, the cancellation activity and the watcher that
    /// carries a cancel to a call on another worker through the run's custom status, the
    /// <c>orchestrations</c> options (validated at start), the script limits
    /// (<c>scriptRuntime:limits</c>) and <see cref="ScriptRunClient"/>; and, unless host.json sets
    /// <c>durable:versioning</c>, makes the replay contract (<see cref="ReplayContract.Current"/>) the
    /// worker's version and the version of new runs, with <c>CurrentOrOlder</c> matching and the
    /// <c>Reject</c> strategy: the worker replays every contract it ships, and hands a run of a
    /// newer contract back to the store for a newer worker instead of failing it.
    /// </summary>
    /// <remarks>Call <c>AddScriptHarnessDurable</c> and the activities' <c>AddScriptHarnessTools</c> too.</remarks>
    public static IServiceCollection AddScriptHarnessOrchestrations(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOrchestrationsOptions(configuration);
        services.AddOptions<ScriptLimits>().Bind(configuration.GetSection(ScriptLimits.SectionName));
        services.TryAddSingleton<ToolCancellation>();
        services.AddNotificationsOptions(configuration);
        services.TryAddSingleton(sp => new WebhookNotifier(
            sp.GetRequiredService<IOptionsMonitor<NotificationsOptions>>(),
            sp.GetRequiredService<ILogger<WebhookNotifier>>(),
            sp.GetService<IDurableSecretReader>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IToolCancellationWatcher>(sp => new RunStatusCancellationWatcher(
            sp.GetRequiredService<DurableTaskClient>(),
            sp.GetRequiredService<IOptions<OrchestrationsOptions>>(),
            sp.GetRequiredService<ILogger<RunStatusCancellationWatcher>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        // The tool names are read when the first turn starts, not when the client is built: a
        // client-only process (list, status, approve) must not start the MCP servers the registry lists.
        services.TryAddSingleton(sp => (sp.GetService<IServiceProviderIsService>()?.IsService(typeof(ToolRegistry)) != true
            ? new ScriptRunClient(sp.GetRequiredService<DurableTaskClient>(), sp.GetRequiredService<IAuditHistoryReader>(), sp.GetRequiredService<IOptionsMonitor<OrchestrationsOptions>>(), sp.GetRequiredService<IOptionsMonitor<ScriptLimits>>())
            : new ScriptRunClient(sp.GetRequiredService<DurableTaskClient>(), sp.GetRequiredService<IAuditHistoryReader>(), sp.GetRequiredService<IOptionsMonitor<OrchestrationsOptions>>(), sp.GetRequiredService<IOptionsMonitor<ScriptLimits>>(), () => sp.GetRequiredService<ToolRegistry>().Names))
            .WithNotifications(() => sp.GetRequiredService<IOptionsMonitor<NotificationsOptions>>().CurrentValue.ForRun())
            .WithRetryTools(() => sp.GetService<IServiceProviderIsService>()?.IsService(typeof(ToolRegistry)) == true ? sp.GetRequiredService<ToolRegistry>().Descriptors : null));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SandboxPrewarmService>());
        services.TryAddSingleton<IToolCallTraceParent, RunTraceParent>();
        services.PostConfigure<DurableOptions>(options =>
        {
            DurableVersioningOptions versioning = options.Versioning;
            if (string.IsNullOrEmpty(versioning.Version))
            {
                versioning.Version = ReplayContract.CurrentVersion;
                versioning.DefaultVersion = ReplayContract.CurrentVersion;
                versioning.MatchStrategy = DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder;
                versioning.FailureStrategy = DurableTaskWorkerOptions.VersionFailureStrategy.Reject;
            }
        });
        services.AddScriptHarnessDurableTasks(registry =>
        {
            registry.AddOrchestrator(OrchestratorNames.ScriptTurn, typeof(ScriptTurnOrchestrator));
            registry.AddActivity(CancelToolCallsActivity.Name, typeof(CancelToolCallsActivity));
            registry.AddActivity(CallAwaitingDecisionActivity.Name, typeof(CallAwaitingDecisionActivity));
            registry.AddActivity(RunFinishedActivity.Name, typeof(RunFinishedActivity));
        });
        // The SDK creates orchestrators without dependency injection: hand the run orchestrator the
        // worker's tool registry through a factory. A run orchestrator registered before this call
        // (a test build of a later replay contract) is kept.
        services.AddOptions<DurableTaskRegistry>().Configure<ToolRegistry>((registry, tools) =>
        {
            if (!registry.GetOrchestrators().Any(o => string.Equals(o.Key.Name, OrchestratorNames.ScriptRun, StringComparison.OrdinalIgnoreCase)))
            {
                registry.AddOrchestrator(OrchestratorNames.ScriptRun, () => new ScriptRunOrchestrator(tools));
            }

            registry.AddToolActivities(tools.Names);
        });
        return services;
    }
}
