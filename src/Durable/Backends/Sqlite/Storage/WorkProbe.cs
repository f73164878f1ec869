using Microsoft.Data.Sqlite;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>The one read a work-item poller makes per round: is any work lockable now, and when does the next row come due.</summary>
internal static class WorkProbe
{
    /// <param name="connection">A read connection.</param>
    /// <param name="sql">
    /// One row of two columns at <c>$now</c>: non-zero when work is lockable, and the UTC ticks at
    /// which the next row becomes lockable (NULL when none waits).
    /// </param>
    /// <param name="now">The time of the probe, in UTC ticks.</param>
    public static (bool Ready, long? NextDueTicks) Read(SqliteConnection connection, string sql, long now)
    {
        SqliteCommand command = Sql.Prepared(connection, sql, ("$now", now));
        using SqliteDataReader reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0) != 0, reader.GetInt64OrNull(1));
    }
}
