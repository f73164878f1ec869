namespace ScriptHarness.Durable.Backends;

/// <summary>
/// A storage backend the worker and client run on, chosen by name in host.json
/// (<c>durable:backend</c>). Register implementations with
/// <see cref="DependencyInjection.DurableServiceCollectionExtensions.AddDurableBackend{TBackend}"/>.
/// </summary>
public interface IDurableBackend
{
    /// <summary>The name host.json selects it by (compared case-insensitively), e.g. <c>sqlite</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Creates the DTFx orchestration service and client. Called once per container; the
    /// returned object is disposed with the container. Read the backend's own options from
    /// <paramref name="services"/>.
    /// </summary>
    DurableBackendConnection Create(IServiceProvider services);
}
