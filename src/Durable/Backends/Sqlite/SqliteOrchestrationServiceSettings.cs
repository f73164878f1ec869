using ScriptHarness.Durable.Backends.Sqlite.Errors;

namespace ScriptHarness.Durable.Backends.Sqlite;

/// <summary>
/// Every knob of the SQLite orchestration service, validated by <see cref="Validate"/> before the
/// service touches the file.
/// </summary>
public sealed class SqliteOrchestrationServiceSettings
{
    /// <summary>Default database file, relative to the working directory.</summary>
    public const string DefaultDatabasePath = "./.scriptharness/harness.db";

    /// <summary>Path of the database file; its directory is created when missing.</summary>
    public string DatabasePath { get; set; } = DefaultDatabasePath;

    /// <summary><c>Full</c> (default: a completed checkpoint survives a power loss) or <c>Normal</c>.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// How long a work item stays locked without renewal. Locks held by a live worker are renewed
    /// every third of this time; a dead worker's work is taken over after it.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest an activity work item stays locked by one worker, renewals included (default
    /// 15 min: the exec tool's largest timeout, 10 min, plus room to report). Past it the
    /// heartbeat stops renewing it, so an activity that hangs inside a live worker is handed out
    /// again after <see cref="LockTimeout"/>; the hung invocation's late result is refused
    /// (fenced) when another took the task over. Raise it for tools that legitimately run longer.
    /// </summary>
    public TimeSpan MaxActivityLockLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>First wait of the idle polling fallback (in-process work wakes pollers at once).</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Longest wait of the idle polling fallback: bounds how late work written by another process
    /// is noticed. Timers due sooner are waited for exactly.
    /// </summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a writer waits for another process's write lock before failing with <c>sqlite-busy</c>.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Orchestration work items processed at once by this worker.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>Activity work items processed at once by this worker.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>
    /// Fetch loops per dispatcher (orchestrations, activities). One is enough: each lock write
    /// takes up to <see cref="LockBatchSize"/> work items; more loops mostly add idle polling.
    /// </summary>
    public int DispatcherCount { get; set; } = 1;

    /// <summary>
    /// Work items locked per lock write and kept for the next fetches (per dispatcher kind).
    /// Larger keeps dispatchers fed on a slow disk; smaller shares work more evenly between processes.
    /// </summary>
    public int LockBatchSize { get; set; } = 16;

    /// <summary>Most messages delivered to one orchestration in one work item.</summary>
    public int MaxMessagesPerWorkItem { get; set; } = 500;

    /// <summary>
    /// Most messages (activities, timers, events) one checkpoint may send; past it the framework
    /// splits the episode.
    /// </summary>
    public int MaxMessagesPerCheckpoint { get; set; } = 5000;

    /// <summary>
    /// Largest stored size in bytes of one history event or message (its payload plus a small
    /// envelope) and of a custom status. A larger activity result fails that activity call; a
    /// larger orchestration payload fails that orchestration; a larger client input fails that
    /// client call. Never the database.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Optional cap on the database size; reaching it fails the step with <c>sqlite-store-full</c>.</summary>
    public long? MaxDatabaseSizeBytes { get; set; }

    /// <summary>
    /// Keep an orchestration in memory between episodes (no lock, history reload or replay per
    /// step; about 5-10x the throughput of replaying every episode here). The framework caps
    /// sessions at half of <see cref="MaxConcurrentOrchestrations"/>; a session ends after
    /// <see cref="ExtendedSessionIdleTimeout"/> without messages.
    /// </summary>
    public bool ExtendedSessionsEnabled { get; set; } = true;

    /// <summary>How long an extended session waits for new messages before it ends.</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Completed, failed and terminated instances whose completion is older than this are purged
    /// automatically (null keeps them until purged by the client).
    /// </summary>
    public TimeSpan? CompletedInstanceRetention { get; set; }

    /// <summary>How often the retention purge runs while the worker is started.</summary>
    public TimeSpan RetentionPurgeInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Identifies this worker in lock columns; defaults to machine, process id and a random
    /// suffix. When set, a worker started with the id of a dead predecessor frees the locks it
    /// left at once instead of waiting <see cref="LockTimeout"/>: never give two live processes the same id.
    /// </summary>
    public string? WorkerId { get; set; }

    /// <summary>
    /// How many episodes of one instance may kill or fault their worker (handed to a dispatcher
    /// and never checkpointed, released or abandoned) before the instance is failed with a
    /// quarantine failure instead of being dispatched again. The hosted backend sets it from
    /// <c>durable:poisonEpisodeLimit</c> (default 3).
    /// </summary>
    public int PoisonEpisodeLimit { get; set; } = DefaultPoisonEpisodeLimit;

    /// <summary>The default of <see cref="PoisonEpisodeLimit"/>.</summary>
    public const int DefaultPoisonEpisodeLimit = 3;

    /// <summary>Returns the problems of these settings (empty when valid).</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(this.DatabasePath))
        {
            errors.Add("DatabasePath is required.");
        }

        if (!Enum.IsDefined(this.Synchronous))
        {
            errors.Add("Synchronous must be Full or Normal.");
        }

        RequireRange(errors, nameof(this.LockTimeout), this.LockTimeout, TimeSpan.FromMilliseconds(200), TimeSpan.FromHours(1));
        if (this.MaxActivityLockLifetime < this.LockTimeout || this.MaxActivityLockLifetime > TimeSpan.FromDays(7))
        {
            errors.Add($"MaxActivityLockLifetime must be at least LockTimeout and at most 7 days (was {this.MaxActivityLockLifetime}).");
        }

        RequireRange(errors, nameof(this.MinPollingInterval), this.MinPollingInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        RequireRange(errors, nameof(this.MaxPollingInterval), this.MaxPollingInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5));
        if (this.MaxPollingInterval < this.MinPollingInterval)
        {
            errors.Add("MaxPollingInterval must not be less than MinPollingInterval.");
        }

        RequireRange(errors, nameof(this.BusyTimeout), this.BusyTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        RequireRange(errors, nameof(this.MaxConcurrentOrchestrations), this.MaxConcurrentOrchestrations, 1, 10_000);
        RequireRange(errors, nameof(this.MaxConcurrentActivities), this.MaxConcurrentActivities, 1, 10_000);
        RequireRange(errors, nameof(this.LockBatchSize), this.LockBatchSize, 1, 1000);
        RequireRange(errors, nameof(this.DispatcherCount), this.DispatcherCount, 1, 64);
        RequireRange(errors, nameof(this.MaxMessagesPerWorkItem), this.MaxMessagesPerWorkItem, 1, 100_000);
        RequireRange(errors, nameof(this.MaxMessagesPerCheckpoint), this.MaxMessagesPerCheckpoint, 1, 100_000);
        RequireRange(errors, nameof(this.MaxPayloadBytes), this.MaxPayloadBytes, 1024, 256 * 1024 * 1024);
        if (this.MaxDatabaseSizeBytes is { } max && max < 64 * 1024)
        {
            errors.Add("MaxDatabaseSizeBytes must be at least 65536 when set.");
        }

        RequireRange(errors, nameof(this.ExtendedSessionIdleTimeout), this.ExtendedSessionIdleTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        if (this.CompletedInstanceRetention is { } retention && retention <= TimeSpan.Zero)
        {
            errors.Add("CompletedInstanceRetention must be positive when set.");
        }

        RequireRange(errors, nameof(this.RetentionPurgeInterval), this.RetentionPurgeInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        RequireRange(errors, nameof(this.PoisonEpisodeLimit), this.PoisonEpisodeLimit, 1, 1000);
        if (this.WorkerId is { Length: > 200 })
        {
            errors.Add("WorkerId must be at most 200 characters.");
        }

        return errors;
    }

    /// <summary>Throws <see cref="SqliteStoreException"/> (<c>sqlite-invalid-settings</c>) listing every problem.</summary>
    public void Validate()
    {
        IReadOnlyList<string> errors = this.GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new SqliteStoreException(
                SqliteErrorCode.InvalidSettings,
                "Invalid SQLite orchestration store settings: " + string.Join(" ", errors));
        }
    }

    /// <summary>A copy, so a running service is not affected by later changes to these settings.</summary>
    public SqliteOrchestrationServiceSettings Clone() => (SqliteOrchestrationServiceSettings)this.MemberwiseClone();

    private static void RequireRange<T>(List<string> errors, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            errors.Add($"{name} must be between {min} and {max} (was {value}).");
        }
    }
}
