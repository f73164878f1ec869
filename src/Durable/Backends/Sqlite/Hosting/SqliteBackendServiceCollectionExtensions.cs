using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.DependencyInjection;

namespace ScriptHarness.Durable.Backends.Sqlite.Hosting;

/// <summary>Registers the <c>sqlite</c> backend.</summary>
public static class SqliteBackendServiceCollectionExtensions
{
    /// <summary>Makes <c>durable:backend = "sqlite"</c> selectable.</summary>
    public static IServiceCollection AddSqliteDurableBackend(this IServiceCollection services) =>
        services.AddDurableBackend<SqliteDurableBackend>();
}
