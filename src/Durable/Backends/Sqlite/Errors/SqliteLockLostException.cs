using DurableTask.Core.Exceptions;

namespace ScriptHarness.Durable.Backends.Sqlite.Errors;

/// <summary>
/// A checkpoint, completion or renewal was refused because the work item's lock was taken over by
/// another worker after it expired (fencing). Nothing of the refused call was applied. Derives from
/// the framework's <see cref="SessionAbortedException"/> so the dispatcher ends the session and
/// abandons the work item instead of retrying it.
/// </summary>
public sealed class SqliteLockLostException : SessionAbortedException
{
    /// <summary>Creates the exception.</summary>
    public SqliteLockLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SqliteLockLostException()
        : base("The work item's lock was taken over by another worker.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SqliteLockLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Always <see cref="SqliteErrorCode.LockLost"/>.</summary>
    public string Code => SqliteErrorCode.LockLost;
}
