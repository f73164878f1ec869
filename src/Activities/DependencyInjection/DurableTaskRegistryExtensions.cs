using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Telemetry;

namespace ScriptHarness.Activities.DependencyInjection;

/// <summary>Registers one activity per tool on the Durable Task SDK's registry.</summary>
public static class DurableTaskRegistryExtensions
{
    /// <summary>
    /// Adds an activity named for each local tool of <paramref name="tools"/> (external tools are
    /// resolved by the host, not by a worker, and get none); the activity resolves
    /// <see cref="ToolCancellation"/> from the worker's service provider (registered by
    /// <see cref="ServiceCollectionExtensions.AddScriptHarnessTools"/>) and, when one is
    /// registered, the <see cref="IToolCancellationWatcher"/>.
    /// </summary>
    public static DurableTaskRegistry AddToolActivities(this DurableTaskRegistry registry, ToolRegistry tools)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(tools);
        foreach (ScriptHarness.ScriptRuntime.Tools.ToolDescriptor descriptor in tools.Descriptors.Where(d => d.Kind == ScriptHarness.ScriptRuntime.Tools.ToolKind.Local))
        {
            string name = descriptor.Name;
            var tool = tools.Get(name);
            registry.AddActivity(new TaskName(name), sp => Create(sp, tool));
        }

        return registry;
    }

    /// <summary>
    /// Adds an activity for each of <paramref name="toolNames"/>, resolving the
    /// <see cref="ToolRegistry"/>, <see cref="ToolCancellation"/> and the optional
    /// <see cref="IToolCancellationWatcher"/> from the worker's service provider when the activity
    /// runs (use when the registry is built by dependency injection).
    /// </summary>
    public static DurableTaskRegistry AddToolActivities(this DurableTaskRegistry registry, IEnumerable<string> toolNames)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(toolNames);
        foreach (string name in toolNames)
        {
            registry.AddActivity(
                new TaskName(name),
                sp => Create(sp, sp.GetRequiredService<ToolRegistry>().Get(name)));
        }

        return registry;
    }

    private static ToolActivity Create(IServiceProvider services, Tools.ITool tool) =>
        new(
            tool,
            services.GetRequiredService<ToolCancellation>(),
            services.GetService<IToolCancellationWatcher>(),
            services.GetService<ILoggerFactory>()?.CreateLogger<ToolActivity>(),
            services.GetService<IToolCallTraceParent>());
}
