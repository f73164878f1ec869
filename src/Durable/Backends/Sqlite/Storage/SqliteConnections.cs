using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// Opens connections to the store's file configured the same way (busy timeout, synchronous mode,
/// size cap) and keeps a small pool of reader connections. WAL lets readers run beside the writer.
/// </summary>
internal sealed class SqliteConnections : IDisposable
{
    private const int MaxPooledReaders = 16;

    private readonly SqliteOrchestrationServiceSettings settings;
    private readonly string connectionString;
    private readonly ConcurrentBag<SqliteConnection> readers = new();
    private volatile bool disposed;

    public SqliteConnections(SqliteOrchestrationServiceSettings settings)
    {
        this.settings = settings;
        this.FullPath = Path.GetFullPath(settings.DatabasePath);
        this.connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = this.FullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    public string FullPath { get; }

    /// <summary>Opens a new configured connection (the writer's, or a reader before pooling).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(this.connectionString);
        try
        {
            connection.Open();
            string synchronous = this.settings.Synchronous == SqliteSynchronousMode.Full ? "FULL" : "NORMAL";
            string pragmas =
                $"PRAGMA busy_timeout = {(long)this.settings.BusyTimeout.TotalMilliseconds}; " +
                $"PRAGMA synchronous = {synchronous}; " +
                "PRAGMA temp_store = MEMORY; ";
            Execute(connection, pragmas);
            if (this.settings.MaxDatabaseSizeBytes is { } maxBytes)
            {
                long pageSize = Scalar<long>(connection, "PRAGMA page_size;");
                Execute(connection, $"PRAGMA max_page_count = {Math.Max(16, maxBytes / pageSize)};");
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public SqliteConnection RentReader()
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        return this.readers.TryTake(out SqliteConnection? connection) ? connection : this.Open();
    }

    public void ReturnReader(SqliteConnection connection)
    {
        if (this.disposed || this.readers.Count >= MaxPooledReaders)
        {
            connection.Dispose();
            return;
        }

        this.readers.Add(connection);
    }

    /// <summary>Runs a read on a pooled connection (no transaction: one statement sees one snapshot).</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        SqliteConnection connection = this.RentReader();
        bool healthy = false;
        try
        {
            T result = read(connection);
            healthy = true;
            return result;
        }
        finally
        {
            if (healthy)
            {
                this.ReturnReader(connection);
            }
            else
            {
                connection.Dispose();
            }
        }
    }

    public void Dispose()
    {
        this.disposed = true;
        while (this.readers.TryTake(out SqliteConnection? connection))
        {
            connection.Dispose();
        }
    }

    /// <summary>Runs constant <paramref name="sql"/> (transaction control, pragmas, the schema) through the statement cache.</summary>
    public static void Execute(SqliteConnection connection, string sql) => Sql.Prepared(connection, sql).ExecuteNonQuery();

    public static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
