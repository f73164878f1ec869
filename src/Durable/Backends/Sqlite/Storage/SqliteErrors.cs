using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>Maps SQLite result codes to the store's typed errors, naming the file and the step.</summary>
internal static class SqliteErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>Wraps a SQLite (or file system) failure; returns other exceptions unchanged.</summary>
    public static Exception Translate(Exception exception, string path, string step)
    {
        switch (exception)
        {
            case SqliteStoreException or SqliteLockLostException:
                return exception;
            case SqliteException sqlite:
                int primary = sqlite.SqliteErrorCode & 0xFF;
                return primary switch
                {
                    SqliteNotADatabase or SqliteCorrupt => new SqliteStoreException(
                        SqliteErrorCode.NotADatabase,
                        $"'{path}' is not a usable SQLite database (corrupt or another kind of file) while {step}: {sqlite.Message} Move the file away or point DatabasePath elsewhere.",
                        sqlite),
                    SqliteCantOpen or SqliteReadOnly => new SqliteStoreException(
                        SqliteErrorCode.CannotOpen,
                        $"Cannot open or write '{path}' while {step}: {sqlite.Message} Check that the directory exists, is writable and is not on a read-only file system.",
                        sqlite),
                    SqliteFull => new SqliteStoreException(
                        SqliteErrorCode.StoreFull,
                        $"The SQLite store '{path}' is full (disk full or MaxDatabaseSizeBytes reached) while {step}; nothing of this step was applied. Free space or purge completed instances.",
                        sqlite),
                    SqliteIoError => new SqliteStoreException(
                        SqliteErrorCode.IoError,
                        $"I/O error on '{path}' while {step}; nothing of this step was applied: {sqlite.Message}",
                        sqlite),
                    SqliteBusy or SqliteLocked => new SqliteStoreException(
                        SqliteErrorCode.Busy,
                        $"'{path}' stayed locked by another process longer than the busy timeout while {step}.",
                        sqlite),
                    _ => new SqliteStoreException(
                        SqliteErrorCode.StorageError,
                        $"SQLite error on '{path}' while {step}: {sqlite.Message}",
                        sqlite),
                };
            case UnauthorizedAccessException or IOException:
                return new SqliteStoreException(
                    SqliteErrorCode.CannotOpen,
                    $"Cannot create or open '{path}' while {step}: {exception.Message}",
                    exception);
            default:
                return exception;
        }
    }
}
