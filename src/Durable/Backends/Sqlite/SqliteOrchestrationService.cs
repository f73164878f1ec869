using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ScriptHarness.Durable.Backends.Sqlite.Errors;
using ScriptHarness.Durable.Backends.Sqlite.Signals;
using ScriptHarness.Durable.Backends.Sqlite.Storage;

namespace ScriptHarness.Durable.Backends.Sqlite;

/// <summary>
/// A Durable Task Framework orchestration service on one SQLite file: the zero-setup durable
/// store. WAL mode, one transaction per checkpoint, fenced work-item locks, in-process wake-ups
/// with polling as the fallback for other processes sharing the file. See README.md beside this
/// file for the schema and the guarantees.
/// </summary>
public sealed partial class SqliteOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IDisposable,
    IAsyncDisposable
{
    private readonly SqliteOrchestrationServiceSettings settings;
    private readonly ILogger logger;
    private readonly SemaphoreSlim initLock = new(1, 1);
    private readonly WakeSignal orchestrationSignal = new();
    private readonly WakeSignal activitySignal = new();
    private readonly WakeSignal completionSignal = new();
    private readonly HeldLocks heldLocks = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<WorkItems.SqliteOrchestrationWorkItem> lockedInstances = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<WorkItems.SqliteActivityWorkItem> lockedTasks = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SessionInbox> sessionSignals = new(StringComparer.Ordinal);
    private readonly WorkItems.WorkItemPoller<WorkItems.SqliteOrchestrationWorkItem> orchestrationPoller;
    private readonly WorkItems.WorkItemPoller<WorkItems.SqliteActivityWorkItem> activityPoller;
    private SqliteConnections? connections;
    private GroupCommitWriter? writer;
    private CancellationTokenSource? backgroundCancellation;
    private Task backgroundTasks = Task.CompletedTask;
    private volatile bool renewalSuspended;
    private volatile bool activityDispatcherPolling;
    private volatile bool disposed;

    /// <summary>Creates the service; validates <paramref name="settings"/> (a copy is kept). The file is opened on first use.</summary>
    /// <exception cref="SqliteStoreException"><c>sqlite-invalid-settings</c> when the settings are invalid.</exception>
    public SqliteOrchestrationService(SqliteOrchestrationServiceSettings settings, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        this.settings = settings.Clone();
        this.WorkerId = this.settings.WorkerId ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        this.logger = (ILogger?)loggerFactory?.CreateLogger<SqliteOrchestrationService>() ?? NullLogger.Instance;
        this.orchestrationPoller = this.NewOrchestrationPoller();
        this.activityPoller = this.NewActivityPoller();
    }

    /// <summary>The identity written into lock columns by this service.</summary>
    public string WorkerId { get; }

    /// <summary>Absolute path of the database file.</summary>
    public string DatabasePath => Path.GetFullPath(this.settings.DatabasePath);

    /// <summary>Fault injection points for tests.</summary>
    internal StoreFaults Faults { get; } = new();

    /// <inheritdoc/>
    public int TaskOrchestrationDispatcherCount => this.settings.DispatcherCount;

    /// <inheritdoc/>
    public int MaxConcurrentTaskOrchestrationWorkItems => this.settings.MaxConcurrentOrchestrations;

    /// <inheritdoc/>
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc/>
    public int TaskActivityDispatcherCount => this.settings.DispatcherCount;

    /// <inheritdoc/>
    public int MaxConcurrentTaskActivityWorkItems => this.settings.MaxConcurrentActivities;

    /// <summary>Opens the file, creating or migrating the schema. Every other call does this on first use.</summary>
    /// <exception cref="SqliteStoreException">The file cannot be used (see <see cref="SqliteErrorCode"/>).</exception>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(this.disposed, this);
        if (this.writer is not null)
        {
            return;
        }

        await this.initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (this.writer is not null)
            {
                return;
            }

            string path = this.DatabasePath;
            SqliteConnection? connection = null;
            var connectionFactory = new SqliteConnections(this.settings);
            try
            {
                string? directory = Path.GetDirectoryName(path);
                if (!string.IsNullOrEmpty(directory))
                {
                    Directory.CreateDirectory(directory);
                }

                connection = connectionFactory.Open();
                SchemaMigrator.Migrate(connection, path, this.WorkerId);
            }
            catch (Exception e)
            {
                connection?.Dispose();
                connectionFactory.Dispose();
                throw SqliteErrors.Translate(e, path, "opening the store");
            }

            this.connections = connectionFactory;
            this.writer = new GroupCommitWriter(connection, path, this.Faults, this.settings.Synchronous == SqliteSynchronousMode.Full);
        }
        finally
        {
            this.initLock.Release();
        }
    }

    /// <inheritdoc/>
    public async Task StartAsync()
    {
        await this.InitializeAsync().ConfigureAwait(false);
        if (this.backgroundCancellation is not null)
        {
            return;
        }

        if (this.settings.WorkerId is not null)
        {
            await this.ReclaimOwnLocksAsync().ConfigureAwait(false);
        }

        this.backgroundCancellation = new CancellationTokenSource();
        CancellationToken token = this.backgroundCancellation.Token;
        this.backgroundTasks = Task.WhenAll(
            Task.Run(() => this.RenewLocksLoopAsync(token), CancellationToken.None),
            Task.Run(() => this.RetentionLoopAsync(token), CancellationToken.None));
    }

    /// <inheritdoc/>
    public Task StopAsync() => this.StopAsync(isForced: false);

    /// <inheritdoc/>
    public async Task StopAsync(bool isForced)
    {
        CancellationTokenSource? cancellation = Interlocked.Exchange(ref this.backgroundCancellation, null);
        if (cancellation is null)
        {
            return;
        }

        this.activityDispatcherPolling = false;
        await cancellation.CancelAsync().ConfigureAwait(false);
        await this.backgroundTasks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellation.Dispose();
        await this.ReleasePrefetchedAsync().ConfigureAwait(false);

        // Wake every waiter so dispatcher loops notice the stop promptly.
        this.orchestrationSignal.Set();
        this.activitySignal.Set();
    }

    /// <inheritdoc/>
    public Task CreateAsync() => this.CreateAsync(recreateInstanceStore: true);

    /// <inheritdoc/>
    public async Task CreateAsync(bool recreateInstanceStore)
    {
        await this.InitializeAsync().ConfigureAwait(false);
        if (recreateInstanceStore)
        {
            await this.DeleteAllDataAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task CreateIfNotExistsAsync() => this.InitializeAsync();

    /// <inheritdoc/>
    public Task DeleteAsync() => this.DeleteAsync(deleteInstanceStore: true);

    /// <inheritdoc/>
    public async Task DeleteAsync(bool deleteInstanceStore)
    {
        await this.InitializeAsync().ConfigureAwait(false);
        await this.DeleteAllDataAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        currentMessageCount > this.settings.MaxMessagesPerCheckpoint;

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => exception is SqliteLockLostException ? 0 : 1;

    /// <inheritdoc/>
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) =>
        exception is SqliteStoreException { Code: SqliteErrorCode.Disposed } or OperationCanceledException ? 0 : 1;

    /// <summary>Stops background work and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (this.disposed)
        {
            return;
        }

        await this.StopAsync(isForced: true).ConfigureAwait(false);
        this.disposed = true;
        this.writer?.Dispose();
        this.connections?.Dispose();
        this.initLock.Dispose();
    }

    /// <summary>Stops background work and closes the file.</summary>
    public void Dispose() => this.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Write transactions, fsynced transactions and write requests committed by this service (for benchmarks).</summary>
    internal (long Transactions, long Durable, long Requests) WriteStatistics =>
        this.writer is { } w ? (w.CommittedTransactions, w.DurableTransactions, w.CommittedRequests) : (0, 0, 0);

    /// <summary>Test hook: stop renewing this service's locks, as if its process froze.</summary>
    internal void SuspendLockRenewal() => this.renewalSuspended = true;

    private async Task<GroupCommitWriter> WriterAsync()
    {
        if (this.disposed)
        {
            throw new SqliteStoreException(SqliteErrorCode.Disposed, $"The SQLite store '{this.DatabasePath}' was disposed.");
        }

        await this.InitializeAsync().ConfigureAwait(false);
        return this.writer!;
    }

    private async Task<T> ReadAsync<T>(string step, Func<SqliteConnection, T> read)
    {
        await this.WriterAsync().ConfigureAwait(false);
        try
        {
            return this.connections!.Read(read);
        }
        catch (Exception e)
        {
            throw SqliteErrors.Translate(e, this.DatabasePath, step);
        }
    }

    /// <remarks>Once the store is open the request goes straight to the writer: no await layer of its own.</remarks>
    private Task<T> WriteAsync<T>(string step, Func<SqliteConnection, T> work, Action<T>? afterCommit = null) =>
        this.Write(step, work, afterCommit, durable: true);

    /// <summary>
    /// A worker restarted with the same configured <see cref="SqliteOrchestrationServiceSettings.WorkerId"/>
    /// frees the locks its dead predecessor left, instead of waiting for them to expire. (Only
    /// configured ids do this: two live processes must never share one.)
    /// </summary>
    private Task ReclaimOwnLocksAsync() => this.LockWriteAsync("reclaiming this worker's stale locks", c =>
        Sql.Execute(c, "UPDATE Instances SET LockOwner = NULL, LockExpiresTicks = NULL WHERE LockOwner = $me;", ("$me", this.WorkerId)) +
        Sql.Execute(c, "UPDATE NewTasks SET LockOwner = NULL, LockExpiresTicks = NULL WHERE LockOwner = $me;", ("$me", this.WorkerId)));

    /// <summary>Unlocks work that was locked ahead but never handed to a dispatcher, so others can take it at once.</summary>
    private async Task ReleasePrefetchedAsync()
    {
        try
        {
            while (this.lockedInstances.TryDequeue(out WorkItems.SqliteOrchestrationWorkItem? instance)
                || this.deferredSuspects.TryDequeue(out instance))
            {
                await this.ReleaseInstanceLockAsync(instance).ConfigureAwait(false);
            }

            var tasks = new List<WorkItems.SqliteActivityWorkItem>();
            while (this.lockedTasks.TryDequeue(out WorkItems.SqliteActivityWorkItem? task))
            {
                tasks.Add(task);
            }

            foreach (WorkItems.SqliteActivityWorkItem task in tasks)
            {
                this.heldLocks.Tasks.TryRemove(task.RowId, out _);
                await this.LockWriteAsync(
                    $"releasing activity {task.Id}",
                    c => Sql.Execute(c, "UPDATE NewTasks SET LockOwner = NULL, LockExpiresTicks = NULL WHERE Id = $id AND LockToken = $token;", ("$id", task.RowId), ("$token", task.LockToken))).ConfigureAwait(false);
            }
        }
        catch (SqliteStoreException)
        {
            // The locks expire on their own.
        }
    }

    /// <summary>A write of lock bookkeeping only: committed without an fsync of its own (see <see cref="GroupCommitWriter"/>).</summary>
    private Task<T> LockWriteAsync<T>(string step, Func<SqliteConnection, T> work, Action<T>? afterCommit = null) =>
        this.Write(step, work, afterCommit, durable: false);

    private Task<T> Write<T>(string step, Func<SqliteConnection, T> work, Action<T>? afterCommit, bool durable)
    {
        if (this.writer is not { } open || this.disposed)
        {
            return this.OpenThenWriteAsync(step, work, afterCommit, durable);
        }

        try
        {
            return open.WriteAsync(step, work, afterCommit, durable);
        }
        catch (SqliteStoreException e)
        {
            // Stopped meanwhile: fail the task, as an async method would, never the caller's frame.
            return Task.FromException<T>(e);
        }
    }

    private async Task<T> OpenThenWriteAsync<T>(string step, Func<SqliteConnection, T> work, Action<T>? afterCommit, bool durable)
    {
        GroupCommitWriter groupWriter = await this.WriterAsync().ConfigureAwait(false);
        return await groupWriter.WriteAsync(step, work, afterCommit, durable).ConfigureAwait(false);
    }

    private Task DeleteAllDataAsync() => this.WriteAsync("deleting all data", connection =>
    {
        SqliteConnections.Execute(connection, "DELETE FROM History; DELETE FROM NewEvents; DELETE FROM NewTasks; DELETE FROM Instances;");
        return 0;
    });

    private static long NewLockToken() => Random.Shared.NextInt64(1, long.MaxValue);
}
