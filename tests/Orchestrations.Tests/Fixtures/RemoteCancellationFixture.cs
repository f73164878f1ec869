using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>
/// A host whose cancellation activity signals a side channel no tool call listens on, as when it
/// runs on another worker than the call: only the run's custom status can stop a call here.
/// Short grace and poll interval, so the tests do not wait for the defaults. In-memory backend.
/// </summary>
public class RemoteCancellationFixture : HarnessFixture
{
    /// <summary>The channel the cancellation activity signals: another worker's, in effect.</summary>
    public ToolCancellation OtherWorkersChannel { get; } = new();

    protected override void Configure(HostApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["orchestrations:cancellationGrace"] = "00:00:00.100",
            ["orchestrations:cancellationPollInterval"] = "00:00:00.200",
        });

        // The SDK resolves a type-registered activity from the services first.
        builder.Services.AddSingleton(new CancelToolCallsActivity(this.OtherWorkersChannel));
    }
}

/// <summary>
/// The same on a SQLite file with extended sessions: the status is written to and read from the
/// store, and the orchestrator stays in memory between episodes.
/// </summary>
public sealed class SqliteRemoteCancellationFixture : RemoteCancellationFixture
{
    private readonly string directory = Directory.CreateTempSubdirectory("orchestrations-sqlite-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(this.directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    protected override void Configure(HostApplicationBuilder builder)
    {
        base.Configure(builder);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["durable:backend"] = "sqlite",
            ["durable:sqlite:databasePath"] = Path.Combine(this.directory, "hub.db"),
            ["durable:sqlite:maxPollingInterval"] = "00:00:00.200",
            ["durable:sqlite:extendedSessionsEnabled"] = "true",
            ["durable:sqlite:extendedSessionIdleTimeout"] = "00:00:02",
        });
    }
}

[CollectionDefinition(Name)]
public sealed class RemoteCancellationCollection : ICollectionFixture<RemoteCancellationFixture>
{
    public const string Name = "remote-cancellation";
}

[CollectionDefinition(Name)]
public sealed class SqliteRemoteCancellationCollection : ICollectionFixture<SqliteRemoteCancellationFixture>
{
    public const string Name = "remote-cancellation-sqlite";
}
