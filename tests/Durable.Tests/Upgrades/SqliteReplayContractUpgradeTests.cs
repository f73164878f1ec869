using ScriptHarness.Tests.Durable.Backends.Sqlite.Workers;

namespace ScriptHarness.Tests.Durable.Upgrades;

/// <summary>The replay-contract upgrade tests on the SQLite backend.</summary>
public sealed class SqliteReplayContractUpgradeTests : ReplayContractUpgradeTests, IAsyncLifetime
{
    private readonly SqliteWorkerBackend backend;

    /// <summary>Runs the upgrade tests on a fresh SQLite folder, deleted after the test.</summary>
    public SqliteReplayContractUpgradeTests()
        : this(new SqliteWorkerBackend())
    {
    }

    private SqliteReplayContractUpgradeTests(SqliteWorkerBackend backend)
        : base(backend) => this.backend = backend;

    /// <summary>Stops the worker processes (the base class), then deletes the database files they used.</summary>
    async Task IAsyncLifetime.DisposeAsync()
    {
        try
        {
            await this.DisposeAsync();
        }
        finally
        {
            this.backend.Dispose();
        }
    }
}
