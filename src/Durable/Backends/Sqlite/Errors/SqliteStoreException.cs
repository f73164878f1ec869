namespace ScriptHarness.Durable.Backends.Sqlite.Errors;

/// <summary>
/// A typed failure of the SQLite orchestration store. <see cref="Code"/> is one of
/// <see cref="SqliteErrorCode"/>; the message says what failed and what to do about it.
/// </summary>
public class SqliteStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SqliteStoreException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        this.Code = code;
    }

    /// <summary>Creates an exception with the generic storage code.</summary>
    public SqliteStoreException()
        : this(SqliteErrorCode.StorageError, "SQLite orchestration store error.")
    {
    }

    /// <summary>Creates an exception with the generic storage code.</summary>
    public SqliteStoreException(string message)
        : this(SqliteErrorCode.StorageError, message)
    {
    }

    /// <summary>Creates an exception with the generic storage code.</summary>
    public SqliteStoreException(string message, Exception innerException)
        : this(SqliteErrorCode.StorageError, message, innerException)
    {
    }

    /// <summary>The stable error code (see <see cref="SqliteErrorCode"/>).</summary>
    public string Code { get; }
}
