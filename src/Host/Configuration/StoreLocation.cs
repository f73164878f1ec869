using Microsoft.Extensions.Configuration;
using ScriptHarness.Durable.Backends.Sqlite.Hosting;

namespace ScriptHarness.Host.Configuration;

/// <summary>
/// Where the embedded store lives, so that every verb run from any folder finds the same one: a
/// per-user data folder by default (<c>$XDG_DATA_HOME/scriptharness/harness.db</c>, else
/// <c>~/.local/share/…</c>), a host.json's relative <c>durable:sqlite:databasePath</c> taken from
/// host.json's own folder, and verbs that only read refusing a store that does not exist instead
/// of creating an empty one (a mistyped <c>--store</c> used to look like "no runs").
/// </summary>
internal static class StoreLocation
{
    /// <summary>The configuration key of the SQLite file.</summary>
    public const string DatabasePathKey = "durable:sqlite:databasePath";

    /// <summary>The default SQLite file: in the user's data folder, whatever the working directory.</summary>
    public static string DefaultDatabasePath { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "scriptharness",
        "harness.db");

    /// <summary>The SQLite file this configuration selects, or null when the backend is not SQLite.</summary>
    public static string? DatabasePath(IConfiguration configuration) =>
        string.Equals(configuration["durable:backend"], SqliteDurableBackend.BackendName, StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(configuration[DatabasePathKey] ?? DefaultDatabasePath)
            : null;

    /// <summary>One line saying which store a verb uses, for <c>run</c> and <c>serve</c> to print at start.</summary>
    public static string Describe(IConfiguration configuration) =>
        DatabasePath(configuration) is { } path
            ? $"store: sqlite at {path}"
            : $"store: {configuration["durable:backend"]}";

    /// <summary>
    /// Throws <see cref="HostConfigurationException"/> when the configuration names a SQLite file
    /// that does not exist: a verb that reads never creates a store.
    /// </summary>
    public static void RequireExisting(IConfiguration configuration)
    {
        if (DatabasePath(configuration) is { } path && !File.Exists(path))
        {
            throw new HostConfigurationException(
                $"no store at {path}: nothing has run with it yet. 'run' and 'serve' create it; to read another store pass --store PATH or set {DatabasePathKey} in host.json.");
        }
    }

    /// <summary>
    /// A relative path in host.json, as configuration keys to layer right after it: resolved from
    /// host.json's folder rather than from wherever the verb was started.
    /// </summary>
    public static Dictionary<string, string?> AnchoredAt(string hostJsonPath, IConfiguration hostJsonOnly)
    {
        Dictionary<string, string?> anchored = [];
        if (hostJsonOnly[DatabasePathKey] is { Length: > 0 } path && !Path.IsPathRooted(path))
        {
            anchored[DatabasePathKey] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(hostJsonPath)!, path));
        }

        return anchored;
    }
}
