namespace ScriptHarness.Tests.Durable.Crash;

/// <summary>
/// One fresh durable store (a task hub, a database file) that worker processes and the test's
/// client share: the product's configuration keys (<c>durable:backend</c>, <c>durable:…</c>)
/// and the environment variables that carry its secrets.
/// </summary>
/// <param name="Settings">Configuration keys and values, passed to workers as <c>--key=value</c>.</param>
/// <param name="Environment">Environment variables every process of the store needs (e.g. the connection string).</param>
public sealed record WorkerStore(IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>A copy with more settings (e.g. one worker's id).</summary>
    public WorkerStore With(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>(Settings, StringComparer.OrdinalIgnoreCase);
        foreach ((string key, string value) in extra)
        {
            settings[key] = value;
        }

        return this with { Settings = settings };
    }
}

/// <summary>
/// A backend that the crash and scale-out tests run worker processes on. Implement it in the
/// backend's fixture and subclass the abstract test classes to join them (see
/// <see cref="WorkerCrashTests"/>).
/// </summary>
public interface IWorkerBackend
{
    /// <summary>The backend's name, for messages.</summary>
    string Name { get; }

    /// <summary>A store no other test uses.</summary>
    /// <param name="purpose">A short word for names (letters and digits).</param>
    /// <param name="partitions">How many partitions the store should have, where the backend has partitions.</param>
    /// <param name="lockTimeout">
    /// How long work a worker holds stays locked (queue visibility, lock expiry): what a killed
    /// worker's work waits before another takes it. Too short for the load, and live workers
    /// lose their own messages to each other.
    /// </param>
    WorkerStore NewStore(string purpose, int partitions, TimeSpan lockTimeout);

    /// <summary>
    /// Settings that make one worker take over the work of a killed predecessor without waiting
    /// for its leases to expire (the same worker id, as a restarted process on the same machine).
    /// </summary>
    IReadOnlyDictionary<string, string> RestartedWorkerSettings { get; }

    /// <summary>Settings for several workers sharing one store (may be empty).</summary>
    IReadOnlyDictionary<string, string> ScaleOutSettings { get; }
}
