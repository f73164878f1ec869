using ScriptHarness.Durable.Backends.Sqlite;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

/// <summary>A fresh directory for one test's database files, deleted afterwards.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore()
    {
        this.Directory = Path.Combine(Path.GetTempPath(), "sh-sqlite-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(this.Directory);
        this.DatabasePath = Path.Combine(this.Directory, "harness.db");
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    /// <summary>Settings tuned for tests: short polling, modest concurrency.</summary>
    public SqliteOrchestrationServiceSettings Settings(Action<SqliteOrchestrationServiceSettings>? configure = null)
    {
        var settings = new SqliteOrchestrationServiceSettings
        {
            DatabasePath = this.DatabasePath,
            MinPollingInterval = TimeSpan.FromMilliseconds(5),
            MaxPollingInterval = TimeSpan.FromMilliseconds(200),
            MaxConcurrentActivities = 8,
            MaxConcurrentOrchestrations = 8,
        };
        configure?.Invoke(settings);
        return settings;
    }

    public SqliteOrchestrationService Service(Action<SqliteOrchestrationServiceSettings>? configure = null) => new(this.Settings(configure));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(this.Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a leaked connection: leave it to the OS temp cleaner.
        }
    }
}
