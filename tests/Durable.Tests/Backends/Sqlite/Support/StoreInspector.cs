using System.Text;
using Microsoft.Data.Sqlite;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

/// <summary>Reads a store's tables directly, on its own connection, to see exactly what is committed.</summary>
public static class StoreInspector
{
    private static readonly string[] Tables = ["Instances", "History", "NewEvents", "NewTasks"];

    /// <summary>Every row of every table, in a stable order, as text.</summary>
    public static string Dump(string path)
    {
        using SqliteConnection connection = Open(path);
        var text = new StringBuilder();
        foreach (string table in Tables)
        {
            text.Append("## ").AppendLine(table);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1, 2;";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetName(i)).Append('=').Append(reader.IsDBNull(i) ? "null" : reader.GetValue(i)).Append(';');
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    public static long Count(string path, string sql)
    {
        using SqliteConnection connection = Open(path);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string? Scalar(string path, string sql)
    {
        using SqliteConnection connection = Open(path);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    public static void Execute(string path, string sql)
    {
        using SqliteConnection connection = Open(path);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
