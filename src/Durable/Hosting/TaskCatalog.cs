using Microsoft.DurableTask;

namespace ScriptHarness.Durable.Hosting;

/// <summary>
/// The orchestrators and activities of a <see cref="DurableTaskRegistry"/>, by name (compared
/// case-insensitively, as <see cref="TaskName"/> does). One registration per name: this host
/// enforces versions through <see cref="Options.DurableVersioningOptions"/>, not by
/// registering several implementations of one name.
/// </summary>
internal sealed class TaskCatalog
{
    private readonly Dictionary<string, Func<IServiceProvider, ITaskOrchestrator>> orchestrators;
    private readonly Dictionary<string, Func<IServiceProvider, ITaskActivity>> activities;

    public TaskCatalog(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        this.orchestrators = ByName(registry.GetOrchestrators(), "orchestrator");
        this.activities = ByName(registry.GetActivities(), "activity");
    }

    public IReadOnlyCollection<string> OrchestratorNames => this.orchestrators.Keys;

    public IReadOnlyCollection<string> ActivityNames => this.activities.Keys;

    public bool TryGetOrchestrator(string name, out Func<IServiceProvider, ITaskOrchestrator> factory) =>
        this.orchestrators.TryGetValue(name, out factory!);

    public bool TryGetActivity(string name, out Func<IServiceProvider, ITaskActivity> factory) =>
        this.activities.TryGetValue(name, out factory!);

    private static Dictionary<string, Func<IServiceProvider, T>> ByName<T>(IEnumerable<KeyValuePair<TaskName, Func<IServiceProvider, T>>> entries, string kind)
    {
        Dictionary<string, Func<IServiceProvider, T>> byName = new(StringComparer.OrdinalIgnoreCase);
        foreach ((TaskName name, Func<IServiceProvider, T> factory) in entries)
        {
            if (!byName.TryAdd(name.Name, factory))
            {
                throw new InvalidOperationException(
                    $"The {kind} '{name.Name}' is registered more than once; register one implementation per name and use durable:versioning for versions.");
            }
        }

        return byName;
    }
}
