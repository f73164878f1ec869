using System.Globalization;
using System.Reflection;
using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// Creates the schema on first use and migrates it forward: the embedded scripts
/// <c>Schema/schema-NNNN.sql</c> are applied in order inside one write transaction that also sets
/// <c>PRAGMA user_version</c>, so two processes starting together migrate once. A file whose
/// version is newer than this build knows is refused with <c>sqlite-schema-too-new</c>.
/// </summary>
internal static class SchemaMigrator
{
    private const string ResourcePrefix = "ScriptHarness.Durable.Backends.Sqlite.Schema.schema-";

    private static readonly Lazy<IReadOnlyList<(int Version, string Sql)>> Scripts = new(LoadScripts);

    /// <summary>The schema version this build writes.</summary>
    public static int LatestVersion => Scripts.Value[^1].Version;

    public static void Migrate(SqliteConnection connection, string path, string workerId)
    {
        string journal = SqliteConnections.Scalar<string>(connection, "PRAGMA journal_mode = WAL;");
        if (!string.Equals(journal, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new SqliteStoreException(
                SqliteErrorCode.CannotOpen,
                $"'{path}' could not be switched to WAL mode (journal_mode is '{journal}'); the file system may not support shared memory.");
        }

        int current = SqliteConnections.Scalar<int>(connection, "PRAGMA user_version;");
        if (current == LatestVersion)
        {
            return;
        }

        SqliteConnections.Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            current = SqliteConnections.Scalar<int>(connection, "PRAGMA user_version;");
            if (current > LatestVersion)
            {
                throw new SqliteStoreException(
                    SqliteErrorCode.SchemaTooNew,
                    $"'{path}' has schema version {current}, newer than version {LatestVersion} known to this build of ScriptHarness. Upgrade this process (a newer version wrote the file) or use another DatabasePath.");
            }

            if (current == 0)
            {
                long foreignTables = SqliteConnections.Scalar<long>(connection, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%';");
                if (foreignTables > 0)
                {
                    throw new SqliteStoreException(
                        SqliteErrorCode.ForeignDatabase,
                        $"'{path}' is a SQLite database of something else ({foreignTables} unknown tables, no ScriptHarness schema version). Point DatabasePath at a new file.");
                }
            }

            foreach ((int version, string sql) in Scripts.Value.Where(s => s.Version > current))
            {
                SqliteConnections.Execute(connection, sql);
                using SqliteCommand record = connection.CreateCommand();
                record.CommandText = "INSERT INTO SchemaVersions (Version, AppliedTicks, AppliedBy) VALUES ($v, $t, $by);";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$t", SqliteTime.NowTicks());
                record.Parameters.AddWithValue("$by", workerId);
                record.ExecuteNonQuery();
            }

            SqliteConnections.Execute(connection, $"PRAGMA user_version = {LatestVersion.ToString(CultureInfo.InvariantCulture)};");
            SqliteConnections.Execute(connection, "COMMIT;");
        }
        catch
        {
            if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                SqliteConnections.Execute(connection, "ROLLBACK;");
            }

            throw;
        }
    }

    private static IReadOnlyList<(int Version, string Sql)> LoadScripts()
    {
        Assembly assembly = typeof(SchemaMigrator).Assembly;
        var scripts = new List<(int, string)>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            string number = name[ResourcePrefix.Length..^".sql".Length];
            using Stream stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            scripts.Add((int.Parse(number, CultureInfo.InvariantCulture), reader.ReadToEnd()));
        }

        if (scripts.Count == 0)
        {
            throw new InvalidOperationException("No embedded SQLite schema scripts were found.");
        }

        return scripts.OrderBy(s => s.Item1).ToList();
    }
}
