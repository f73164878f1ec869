using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// Prepared statements kept per connection, keyed by their SQL text. Compiling a statement
/// (parse, resolve, plan) cost more CPU than running it: every checkpoint, result and poll ran
/// five to ten statements, each compiled anew. A cached command keeps its prepared statements;
/// Microsoft.Data.Sqlite resets them when their reader is disposed (so a reader connection never
/// keeps an old snapshot) and binds the parameters again on each run.
/// </summary>
/// <remarks>
/// Only constant SQL may be cached (the statements of this store: a few dozen per connection);
/// dynamic SQL (queries built from filters) goes through <see cref="Sql.Command"/>. A connection
/// is used by one thread at a time (the writer's, or a reader rented from the pool), so the cache
/// needs no lock. A command from the cache must not be disposed by its caller, and a reader on it
/// must be disposed before the same SQL runs again on that connection.
/// </remarks>
internal static class StatementCache
{
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Caches = new();

    /// <summary>The cached command for <paramref name="sql"/> on <paramref name="connection"/>, its parameters cleared.</summary>
    public static SqliteCommand Get(SqliteConnection connection, string sql)
    {
        Dictionary<string, SqliteCommand> cache = Caches.GetOrCreateValue(connection);
        if (!cache.TryGetValue(sql, out SqliteCommand? command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            cache.Add(sql, command);
        }
        else
        {
            command.Parameters.Clear();
        }

        return command;
    }

    /// <summary>
    /// Disposes every cached statement of <paramref name="connection"/>: after a failed statement
    /// (its VM may be left mid-run) the next use prepares a fresh one.
    /// </summary>
    public static void Clear(SqliteConnection connection)
    {
        if (!Caches.TryGetValue(connection, out Dictionary<string, SqliteCommand>? cache))
        {
            return;
        }

        foreach (SqliteCommand command in cache.Values)
        {
            command.Dispose();
        }

        cache.Clear();
    }
}
