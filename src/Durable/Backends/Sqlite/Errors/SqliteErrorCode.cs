namespace ScriptHarness.Durable.Backends.Sqlite.Errors;

/// <summary>
/// Stable codes of the SQLite orchestration store's errors (kebab case; never renamed).
/// </summary>
public static class SqliteErrorCode
{
    /// <summary>A settings value is missing or out of range.</summary>
    public const string InvalidSettings = "sqlite-invalid-settings";

    /// <summary>The file exists but is not a SQLite database (or is corrupt).</summary>
    public const string NotADatabase = "sqlite-not-a-database";

    /// <summary>The file is a SQLite database that belongs to something else (unknown tables).</summary>
    public const string ForeignDatabase = "sqlite-foreign-database";

    /// <summary>The file was created or migrated by a newer version of this store.</summary>
    public const string SchemaTooNew = "sqlite-schema-too-new";

    /// <summary>The file or its directory cannot be created, opened or written.</summary>
    public const string CannotOpen = "sqlite-cannot-open";

    /// <summary>The disk (or the configured maximum database size) is full; the failing step was not applied.</summary>
    public const string StoreFull = "sqlite-store-full";

    /// <summary>An I/O error from the disk; the failing step was not applied.</summary>
    public const string IoError = "sqlite-io-error";

    /// <summary>Another process held the write lock longer than the busy timeout.</summary>
    public const string Busy = "sqlite-busy";

    /// <summary>A payload (input, result, event data, custom status) is larger than the configured maximum.</summary>
    public const string PayloadTooLarge = "sqlite-payload-too-large";

    /// <summary>
    /// The work item's lock expired and another worker took it over: this worker's checkpoint or
    /// completion was refused (fencing) and nothing of it was applied.
    /// </summary>
    public const string LockLost = "sqlite-lock-lost";

    /// <summary>The store was used after it was disposed.</summary>
    public const string Disposed = "sqlite-disposed";

    /// <summary>Any other SQLite failure.</summary>
    public const string StorageError = "sqlite-storage-error";
}
