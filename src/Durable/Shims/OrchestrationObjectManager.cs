using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using ScriptHarness.Durable.Hosting;

namespace ScriptHarness.Durable.Shims;

/// <summary>
/// DTFx asks this for an orchestration by name: a new shim every time (shims hold the state of
/// one execution), or null for a name nobody registered (DTFx then fails the instance).
/// </summary>
internal sealed class OrchestrationObjectManager : INameVersionObjectManager<TaskOrchestration>
{
    private readonly TaskCatalog catalog;
    private readonly DurableTaskShimFactory shims;
    private readonly IServiceProvider services;

    public OrchestrationObjectManager(TaskCatalog catalog, DurableTaskShimFactory shims, IServiceProvider services)
    {
        this.catalog = catalog;
        this.shims = shims;
        this.services = services;
    }

    public void Add(ObjectCreator<TaskOrchestration> creator) =>
        throw new NotSupportedException("Register orchestrators through DurableTaskRegistry (AddScriptHarnessDurableTasks).");

    public TaskOrchestration? GetObject(string name, string? version)
    {
        if (!this.catalog.TryGetOrchestrator(name, out Func<IServiceProvider, ITaskOrchestrator> factory))
        {
            return null;
        }

        return new ShimmedOrchestration(new TaskName(name), factory(this.services), this.shims);
    }
}
