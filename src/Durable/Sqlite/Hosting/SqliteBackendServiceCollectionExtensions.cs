using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.Hosting;

namespace ScriptHarness.Durable.Sqlite.Hosting;

/// <summary>Registers the <c>sqlite</c> backend.</summary>
public static class SqliteBackendServiceCollectionExtensions
{
    /// <summary>Makes <c>durable:backend = "sqlite"</c> selectable.</summary>
    public static IServiceCollection AddSqliteDurableBackend(this IServiceCollection services) =>
        services.AddDurableBackend<SqliteDurableBackend>();
}
