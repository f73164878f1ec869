using ScriptHarness.Tests.Durable.ScaleOut;
using Xunit.Abstractions;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Workers;

/// <summary>The scale-out test on one SQLite file: three worker processes, one killed mid-run.</summary>
public sealed class SqliteWorkerScaleOutTests : WorkerScaleOutTests, IAsyncLifetime
{
    private readonly SqliteWorkerBackend backend;

    /// <summary>Runs the scale-out test on a fresh SQLite folder, deleted after the test.</summary>
    public SqliteWorkerScaleOutTests(ITestOutputHelper output)
        : this(new SqliteWorkerBackend(), output)
    {
    }

    private SqliteWorkerScaleOutTests(SqliteWorkerBackend backend, ITestOutputHelper output)
        : base(backend, output) => this.backend = backend;

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
