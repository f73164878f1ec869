using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.Backends.Sqlite.Hosting;
using ScriptHarness.Tests.Durable.Conformance;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>The conformance host on the sqlite backend: a fresh file, default durability (synchronous=FULL).</summary>
public abstract class SqliteFixtureBase(bool extendedSessions) : DurableBackendFixture
{
    private readonly TempStore store = new();

    public override string BackendName => SqliteDurableBackend.BackendName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        this.store.Dispose();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> BackendSettings() =>
    [
        new("durable:sqlite:databasePath", this.store.DatabasePath),
        new("durable:sqlite:maxPollingInterval", "00:00:00.200"),
        new("durable:sqlite:maxConcurrentOrchestrations", "50"),
        new("durable:sqlite:maxConcurrentActivities", "50"),
        new("durable:sqlite:extendedSessionsEnabled", extendedSessions ? "true" : "false"),
        new("durable:sqlite:extendedSessionIdleTimeout", "00:00:02"),
    ];

    protected override void ConfigureServices(IServiceCollection services) => services.AddSqliteDurableBackend();
}

/// <summary>The sqlite host without extended sessions: every episode loads and replays the history.</summary>
public sealed class SqliteBackendFixture() : SqliteFixtureBase(extendedSessions: false);

/// <summary>The conformance suite, unchanged, on the sqlite backend.</summary>
public sealed class SqliteConformanceTests(SqliteBackendFixture fixture) : DurableConformanceTests<SqliteBackendFixture>(fixture);

/// <summary>The sqlite host with extended sessions (the store's default: orchestrators kept in memory between episodes).</summary>
public sealed class SqliteSessionsBackendFixture() : SqliteFixtureBase(extendedSessions: true);

/// <summary>The conformance suite, unchanged, on the sqlite backend with extended sessions.</summary>
public sealed class SqliteSessionsConformanceTests(SqliteSessionsBackendFixture fixture) : DurableConformanceTests<SqliteSessionsBackendFixture>(fixture);
