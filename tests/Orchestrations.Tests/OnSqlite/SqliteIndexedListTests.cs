using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.Shims;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.OnSqlite;

/// <summary>
/// The run list on SQLite goes to the store's index (so <c>SqliteRunListTests</c> test that path),
/// while the in-memory backend keeps the client-side filter (so <c>RunListTests</c> test that one).
/// </summary>
[Collection(SqliteHarnessCollection.Name)]
public sealed class SqliteIndexedListTests(SqliteHarnessFixture fixture)
{
    [Fact]
    public void The_client_over_the_sqlite_store_lists_from_its_index() =>
        Assert.True(Assert.IsType<TaskHubDurableTaskClient>(fixture.Services.GetRequiredService<DurableTaskClient>()).CanListFromIndex);
}

/// <summary>The other half: the in-memory backend has no index to list from.</summary>
[Collection(HarnessCollection.Name)]
public sealed class InMemoryClientSideListTests(HarnessFixture fixture)
{
    [Fact]
    public void The_client_over_the_in_memory_backend_filters_the_list_itself() =>
        Assert.False(Assert.IsType<TaskHubDurableTaskClient>(fixture.Services.GetRequiredService<DurableTaskClient>()).CanListFromIndex);
}
