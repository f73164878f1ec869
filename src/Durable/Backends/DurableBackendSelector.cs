using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Options;

namespace ScriptHarness.Durable.Backends;

/// <summary>Finds the backend host.json names, creates its connection once and applies the decorators.</summary>
internal static class DurableBackendSelector
{
    public static IDurableBackend Find(IEnumerable<IDurableBackend> backends, string name) =>
        backends.LastOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException(
            $"durable:backend '{name}' is not a registered backend. Known: {string.Join(", ", backends.Select(b => b.Name))}.");

    public static DurableBackendConnection Connect(IServiceProvider services)
    {
        DurableOptions options = services.GetRequiredService<IOptions<DurableOptions>>().Value;
        IDurableBackend backend = Find(services.GetRequiredService<IEnumerable<IDurableBackend>>(), options.Backend);
        DurableBackendConnection created = backend.Create(services);
        DurableBackendConnection connection = new(new AnswerAwaitingSessions(created.Service), created.Client, created.DisposeAsync);
        foreach (IDurableBackendDecorator decorator in services.GetRequiredService<IEnumerable<IDurableBackendDecorator>>())
        {
            connection = decorator.Decorate(connection, services);
        }

        return connection;
    }
}
