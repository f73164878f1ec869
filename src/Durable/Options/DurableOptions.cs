using ScriptHarness.Durable.Backends.AzureStorage;
using ScriptHarness.Durable.Backends.InMemory;
using ScriptHarness.Durable.Backends.Sqlite;

namespace ScriptHarness.Durable.Options;

/// <summary>
/// The host.json <c>durable</c> section: which backend stores orchestrations, how the worker
/// shuts down, and the orchestration versioning rules. Each backend reads its own sub-section
/// (<c>durable:inMemory</c>, <c>durable:azureStorage</c>, <c>durable:sqlite</c>).
/// </summary>
public sealed class DurableOptions
{
    /// <summary>The configuration section this class is bound to.</summary>
    public const string SectionName = "durable";

    /// <summary>
    /// Name of the backend: <c>inMemory</c>, <c>azureStorage</c>, <c>sqlite</c>, or any name an
    /// <see cref="Backends.IDurableBackend"/> registered in the container answers to.
    /// </summary>
    public string Backend { get; set; } = Backends.InMemory.InMemoryDurableBackend.BackendName;

    /// <summary>
    /// Bound on stopping the worker. DTFx itself waits about 8 s for work items in flight, then
    /// stops the provider; past this bound the stop returns and unfinished work items are
    /// redelivered by the backend to a worker later.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How many times one orchestration episode may kill or fault the worker process before the
    /// instance is quarantined: failed with <see cref="History.PoisonQuarantine.ErrorType"/> and
    /// never dispatched again (1 to 1000, default 3). Enforced by backends whose store can count
    /// dispatches durably (<c>sqlite</c>, <c>azureStorage</c>); see src/Durable/README.md.
    /// </summary>
    public int PoisonEpisodeLimit { get; set; } = SqliteOrchestrationServiceSettings.DefaultPoisonEpisodeLimit;

    /// <summary>Orchestration versioning enforced by the worker.</summary>
    public DurableVersioningOptions Versioning { get; set; } = new();

    /// <summary>Settings of the <c>inMemory</c> backend.</summary>
    public InMemoryBackendOptions InMemory { get; set; } = new();

    /// <summary>Settings of the <c>azureStorage</c> backend.</summary>
    public AzureStorageBackendOptions AzureStorage { get; set; } = new();

    /// <summary>
    /// Settings of the <c>sqlite</c> backend (validated when the backend is created). Bound here,
    /// from the configuration given to <c>AddScriptHarnessDurable</c>, so that a client-only
    /// container without an <c>IConfiguration</c> service opens the same file as the workers.
    /// </summary>
    public SqliteOrchestrationServiceSettings Sqlite { get; set; } = new();
}
