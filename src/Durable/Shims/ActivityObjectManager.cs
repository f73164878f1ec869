using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.Hosting;

namespace ScriptHarness.Durable.Shims;

/// <summary>DTFx asks this for an activity by name: a new scoped activity each time, or null when unknown.</summary>
internal sealed class ActivityObjectManager : INameVersionObjectManager<TaskActivity>
{
    private readonly TaskCatalog catalog;
    private readonly DurableTaskShimFactory shims;
    private readonly IServiceScopeFactory scopes;

    public ActivityObjectManager(TaskCatalog catalog, DurableTaskShimFactory shims, IServiceScopeFactory scopes)
    {
        this.catalog = catalog;
        this.shims = shims;
        this.scopes = scopes;
    }

    public void Add(ObjectCreator<TaskActivity> creator) =>
        throw new NotSupportedException("Register activities through DurableTaskRegistry (AddScriptHarnessDurableTasks).");

    public TaskActivity? GetObject(string name, string? version) =>
        this.catalog.TryGetActivity(name, out Func<IServiceProvider, ITaskActivity> factory)
            ? new ScopedActivity(new TaskName(name), factory, this.scopes, this.shims)
            : null;
}
