namespace ScriptHarness.Durable.Backends.Sqlite;

/// <summary>
/// How hard SQLite flushes a commit to disk (<c>PRAGMA synchronous</c>), in WAL mode.
/// </summary>
public enum SqliteSynchronousMode
{
    /// <summary>
    /// Every commit is fsynced before it is acknowledged: a completed checkpoint survives a power
    /// loss. The default.
    /// </summary>
    Full,

    /// <summary>
    /// The WAL is fsynced only at WAL checkpoints: an application crash loses nothing, a power loss
    /// may lose the last commits (never corrupts the file). Several times faster on slow disks.
    /// </summary>
    Normal,
}
