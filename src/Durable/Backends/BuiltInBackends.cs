using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ScriptHarness.Durable.Backends.AzureStorage;
using ScriptHarness.Durable.Backends.InMemory;
using ScriptHarness.Durable.Backends.Sqlite.Hosting;

namespace ScriptHarness.Durable.Backends;

/// <summary>The backends that ship in this assembly; one line each.</summary>
internal static class BuiltInBackends
{
    public static void Register(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDurableBackend, InMemoryDurableBackend>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDurableBackend, AzureStorageDurableBackend>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDurableBackend, SqliteDurableBackend>());
    }
}
