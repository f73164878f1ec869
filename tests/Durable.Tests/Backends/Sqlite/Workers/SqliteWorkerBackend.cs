using System.Globalization;
using ScriptHarness.Tests.Durable.Crash;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Workers;

/// <summary>
/// The <c>sqlite</c> backend for worker-process tests: a fresh database file per store that every
/// worker process and the test's client open, with the lock timeout the test asks for.
/// Disposing it deletes the folder of those files: dispose it only once the worker processes are gone.
/// </summary>
public sealed class SqliteWorkerBackend : IWorkerBackend, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("scriptharness-sqlite-workers-").FullName;

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    /// <remarks>A worker that starts with its predecessor's id frees that worker's locks at once.</remarks>
    public IReadOnlyDictionary<string, string> RestartedWorkerSettings { get; } = new Dictionary<string, string>
    {
        ["durable:sqlite:workerId"] = "restarted-worker-" + Guid.NewGuid().ToString("N")[..8],
    };

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> ScaleOutSettings { get; } = new Dictionary<string, string>();

    /// <inheritdoc />
    public WorkerStore NewStore(string purpose, int partitions, TimeSpan lockTimeout) => new(
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["durable:backend"] = "sqlite",
            ["durable:shutdownTimeout"] = "00:00:05",
            ["durable:sqlite:databasePath"] = Path.Combine(this.folder, $"{purpose}-{Guid.NewGuid():N}.db"),
            ["durable:sqlite:lockTimeout"] = lockTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["durable:sqlite:maxPollingInterval"] = "00:00:00.200",
        },
        new Dictionary<string, string>());

    /// <summary>Deletes the database files of every store this backend made.</summary>
    public void Dispose()
    {
        if (Directory.Exists(this.folder))
        {
            Directory.Delete(this.folder, recursive: true);
        }
    }
}
