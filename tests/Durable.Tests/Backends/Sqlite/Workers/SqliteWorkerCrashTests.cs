using ScriptHarness.Tests.Durable.Crash;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Workers;

/// <summary>The worker crash tests (SIGKILL of a real worker process at each named point) on the SQLite backend.</summary>
public sealed class SqliteWorkerCrashTests : WorkerCrashTests, IAsyncLifetime
{
    private readonly SqliteWorkerBackend backend;

    /// <summary>Runs the crash tests on a fresh SQLite folder, deleted after the test.</summary>
    public SqliteWorkerCrashTests()
        : this(new SqliteWorkerBackend())
    {
    }

    private SqliteWorkerCrashTests(SqliteWorkerBackend backend)
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
