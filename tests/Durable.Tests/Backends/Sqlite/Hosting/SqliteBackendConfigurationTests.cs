using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Hosting;

/// <summary>The <c>sqlite</c> backend takes its settings from the configuration given to <c>AddScriptHarnessDurable</c>.</summary>
public sealed class SqliteBackendConfigurationTests : IDisposable
{
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task A_client_only_container_without_an_IConfiguration_service_schedules_into_the_configured_file()
    {
        // As a test's or tool's client is wired: the configuration is passed in, not registered.
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["durable:backend"] = "sqlite",
            ["durable:sqlite:databasePath"] = this.store.DatabasePath,
        }).Build();
        await using (ServiceProvider services = new ServiceCollection().AddScriptHarnessDurable(configuration).BuildServiceProvider())
        {
            Assert.Null(services.GetService<IConfiguration>());
            await services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
                "AnyOrchestration", new StartOrchestrationOptions("configured-file-1"));
        }

        await using SqliteOrchestrationService direct = this.store.Service();
        IList<OrchestrationState> states = await direct.GetOrchestrationStateAsync("configured-file-1", allExecutions: false);
        OrchestrationState state = Assert.Single(states);
        Assert.Equal(OrchestrationStatus.Pending, state.OrchestrationStatus);
    }
}
