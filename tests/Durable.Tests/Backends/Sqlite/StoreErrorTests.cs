using DurableTask.Core;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>Bad files, bad places and bad settings give a clear typed error at start or at the failing step.</summary>
public sealed class StoreErrorTests : IDisposable
{
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_at_start_with_not_a_database()
    {
        await File.WriteAllTextAsync(this.store.DatabasePath, string.Concat(Enumerable.Repeat("this is not a SQLite database. ", 300)));
        await using SqliteOrchestrationService service = this.store.Service();

        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(service.CreateIfNotExistsAsync);

        Assert.Equal(SqliteErrorCode.NotADatabase, error.Code);
        Assert.Contains(this.store.DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_with_a_corrupted_page_is_refused_with_not_a_database()
    {
        await using (SqliteOrchestrationService service = this.store.Service())
        {
            await service.CreateTaskOrchestrationAsync(Episode.Creation("x"));
        }

        // Overwrite the header's magic string: SQLite no longer recognises the file.
        await using (FileStream file = File.Open(this.store.DatabasePath, FileMode.Open, FileAccess.Write))
        {
            await file.WriteAsync(new byte[100]);
        }

        await using SqliteOrchestrationService reopened = this.store.Service();
        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(reopened.CreateIfNotExistsAsync);
        Assert.Equal(SqliteErrorCode.NotADatabase, error.Code);
    }

    [Fact]
    public async Task A_file_written_by_a_newer_schema_is_refused_with_schema_too_new()
    {
        await using (SqliteOrchestrationService service = this.store.Service())
        {
            await service.CreateIfNotExistsAsync();
        }

        StoreInspector.Execute(this.store.DatabasePath, "PRAGMA user_version = 99;");
        await using SqliteOrchestrationService older = this.store.Service();

        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(() => older.GetOrchestrationStateAsync("any", executionId: null));

        Assert.Equal(SqliteErrorCode.SchemaTooNew, error.Code);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sqlite_database_of_something_else_is_refused_with_foreign_database()
    {
        StoreInspector.Execute(this.store.DatabasePath, "CREATE TABLE Customers (Id INTEGER PRIMARY KEY, Name TEXT);");
        await using SqliteOrchestrationService service = this.store.Service();

        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(service.CreateIfNotExistsAsync);

        Assert.Equal(SqliteErrorCode.ForeignDatabase, error.Code);
        Assert.Equal(1, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM sqlite_master WHERE name = 'Customers'"));
    }

    [Fact]
    public async Task A_location_that_cannot_be_created_is_refused_with_cannot_open()
    {
        string blocker = Path.Combine(this.store.Directory, "a-file");
        await File.WriteAllTextAsync(blocker, "a file where a directory should be");
        await using var service = new SqliteOrchestrationService(this.store.Settings(s => s.DatabasePath = Path.Combine(blocker, "sub", "harness.db")));

        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(service.CreateIfNotExistsAsync);

        Assert.Equal(SqliteErrorCode.CannotOpen, error.Code);
    }

    [Fact]
    public async Task A_read_only_file_system_is_refused_with_cannot_open()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return;
        }

        await using var service = new SqliteOrchestrationService(this.store.Settings(s => s.DatabasePath = "/proc/self/harness.db"));

        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(service.CreateIfNotExistsAsync);

        Assert.Equal(SqliteErrorCode.CannotOpen, error.Code);
    }

    [Fact]
    public void Invalid_settings_are_refused_listing_every_problem()
    {
        var settings = new SqliteOrchestrationServiceSettings
        {
            DatabasePath = " ",
            LockTimeout = TimeSpan.Zero,
            MaxConcurrentActivities = 0,
            MinPollingInterval = TimeSpan.FromSeconds(2),
            MaxPollingInterval = TimeSpan.FromSeconds(1),
        };

        SqliteStoreException error = Assert.Throws<SqliteStoreException>(() => new SqliteOrchestrationService(settings));

        Assert.Equal(SqliteErrorCode.InvalidSettings, error.Code);
        Assert.Contains("DatabasePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("LockTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxConcurrentActivities", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPollingInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_store_fails_the_step_with_store_full_and_applies_nothing_of_it()
    {
        await using SqliteOrchestrationService service = this.store.Service(s => s.MaxDatabaseSizeBytes = 160 * 1024);
        await service.CreateTaskOrchestrationAsync(Episode.Creation("small-1"));

        string big = "\"" + new string('x', 400 * 1024) + "\"";
        SqliteStoreException error = await Assert.ThrowsAsync<SqliteStoreException>(() =>
            service.CreateTaskOrchestrationAsync(Episode.Creation("big", input: big)));

        Assert.Equal(SqliteErrorCode.StoreFull, error.Code);
        Assert.Null(await service.GetOrchestrationStateAsync("big", executionId: null));
        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE InstanceId = 'big'"));
        await service.CreateTaskOrchestrationAsync(Episode.Creation("small-2"));
        Assert.Equal(OrchestrationStatus.Pending, (await service.GetOrchestrationStateAsync("small-2", executionId: null)).OrchestrationStatus);
    }

    [Fact]
    public async Task The_schema_is_created_once_and_recorded_and_a_second_service_reuses_it()
    {
        await using SqliteOrchestrationService first = this.store.Service();
        await first.CreateIfNotExistsAsync();
        await using SqliteOrchestrationService second = this.store.Service();
        await second.CreateIfNotExistsAsync();

        Assert.Equal(4, StoreInspector.Count(this.store.DatabasePath, "PRAGMA user_version"));
        Assert.Equal(4, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM SchemaVersions"));
        Assert.Equal("wal", StoreInspector.Scalar(this.store.DatabasePath, "PRAGMA journal_mode"));
    }
}
