using Microsoft.Data.Sqlite;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// Small helpers for parameterized statements (parameters are named <c>$name</c>).
/// <see cref="Prepared"/>, <see cref="Execute"/> and <see cref="Scalar"/> take constant SQL and
/// reuse its prepared statement (<see cref="StatementCache"/>); <see cref="Command"/> is for SQL
/// built at run time and must be disposed.
/// </summary>
internal static class Sql
{
    /// <summary>A new command for SQL built at run time; the caller disposes it.</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        Bind(command, parameters);
        return command;
    }

    /// <summary>The cached command for constant <paramref name="sql"/>, with these parameters; never dispose it.</summary>
    public static SqliteCommand Prepared(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = StatementCache.Get(connection, sql);
        Bind(command, parameters);
        return command;
    }

    public static int Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        Prepared(connection, sql, parameters).ExecuteNonQuery();

    public static object? Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        object? value = Prepared(connection, sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static void Bind(SqliteCommand command, (string Name, object? Value)[] parameters)
    {
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }
}
