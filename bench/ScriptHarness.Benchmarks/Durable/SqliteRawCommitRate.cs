using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// The physical bound of this disk for the SQLite store: committed transactions per second on a
/// fresh WAL file, one small row per transaction, one writer (as our provider has).
/// </summary>
internal static class SqliteRawCommitRate
{
    public static double Measure(string path, string synchronous, TimeSpan duration)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous}; CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT);");
        using SqliteCommand insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (v) VALUES ('a row about the size of a small history event, give or take');";
        var stopwatch = Stopwatch.StartNew();
        long commits = 0;
        while (stopwatch.Elapsed < duration)
        {
            Execute(connection, "BEGIN IMMEDIATE;");
            insert.ExecuteNonQuery();
            Execute(connection, "COMMIT;");
            commits++;
        }

        return commits / stopwatch.Elapsed.TotalSeconds;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
