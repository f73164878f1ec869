using Microsoft.Data.Sqlite;
using ScriptHarness.Durable.Backends.Sqlite.Errors;

namespace ScriptHarness.Durable.Backends.Sqlite.Storage;

/// <summary>
/// The one writer of this process: a dedicated thread owning one connection. Write requests that
/// are queued while a commit is in progress go into the next transaction together (group commit,
/// never a timer: a request waits only for the commit before it). Each request runs inside its own
/// SAVEPOINT, so a request that fails (fencing, payload, constraint) is rolled back alone while the
/// others commit; a failing COMMIT fails every request of the batch. A request's task completes
/// only after its data is committed (and, with synchronous=FULL, on disk).
/// Lock bookkeeping (take, renew, release a lock) is written "soft": a batch made only of soft
/// requests commits without fsync. Losing a lock in a power loss is harmless (every worker died
/// with it, and the lock would expire anyway); the next durable commit flushes the WAL up to and
/// including those frames, so ordering is kept.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    private const int MaxBatch = 128;

    private readonly WriteQueue<WriteRequest> queue = new();
    private readonly SqliteConnection connection;
    private readonly string path;
    private readonly StoreFaults faults;
    private readonly Thread thread;
    private long committedTransactions;
    private long committedRequests;
    private long durableTransactions;

    private readonly bool fullSync;
    private bool connectionFull;

    public GroupCommitWriter(SqliteConnection connection, string path, StoreFaults faults, bool fullSync)
    {
        this.fullSync = fullSync;
        this.connectionFull = fullSync;
        this.connection = connection;
        this.path = path;
        this.faults = faults;
        this.thread = new Thread(this.Run) { IsBackground = true, Name = "sqlite-orchestration-writer" };
        this.thread.Start();
    }

    /// <summary>Transactions committed so far (each one fsync with synchronous=FULL).</summary>
    public long CommittedTransactions => Interlocked.Read(ref this.committedTransactions);

    /// <summary>Transactions committed with an fsync (synchronous=FULL and at least one durable request).</summary>
    public long DurableTransactions => Interlocked.Read(ref this.durableTransactions);

    /// <summary>Write requests committed so far (several share a transaction under load).</summary>
    public long CommittedRequests => Interlocked.Read(ref this.committedRequests);

    /// <summary>Runs <paramref name="work"/> in the next transaction; completes after the commit.</summary>
    /// <param name="step">What the write does, for error messages (e.g. "checkpointing instance x").</param>
    /// <param name="work">Runs on the writer thread; must only use the given connection.</param>
    /// <param name="afterCommit">Runs once the transaction has committed (wake-ups).</param>
    /// <param name="durable">False for lock bookkeeping that may be lost in a power loss (no fsync of its own).</param>
    public Task<T> WriteAsync<T>(string step, Func<SqliteConnection, T> work, Action<T>? afterCommit = null, bool durable = true)
    {
        var request = new WriteRequest<T>(step, work, afterCommit) { Durable = durable };
        if (!this.queue.TryAdd(request))
        {
            throw new SqliteStoreException(SqliteErrorCode.Disposed, $"The SQLite store '{this.path}' is stopped; cannot run: {step}.");
        }

        return request.Task;
    }

    public void Dispose()
    {
        this.queue.Complete();
        if (Thread.CurrentThread != this.thread)
        {
            this.thread.Join();
        }

        this.connection.Dispose();
    }

    private void Run()
    {
        var batch = new List<WriteRequest>(MaxBatch);
        var soft = new List<WriteRequest>(MaxBatch);
        var durable = new List<WriteRequest>(MaxBatch);
        while (true)
        {
            batch.Clear();
            if (!this.queue.TakeBatch(batch, MaxBatch))
            {
                return;
            }

            if (!this.fullSync)
            {
                this.SafeCommitBatch(batch);
                continue;
            }

            // Lock bookkeeping goes first in its own fsync-free transaction, so taking a lock never
            // waits for another request's fsync (the dispatchers fetch work one lock at a time).
            soft.Clear();
            durable.Clear();
            foreach (WriteRequest request in batch)
            {
                (request.Durable ? durable : soft).Add(request);
            }

            if (soft.Count > 0)
            {
                this.SafeCommitBatch(soft);
            }

            if (durable.Count > 0)
            {
                this.SafeCommitBatch(durable);
            }
        }
    }

    /// <summary>Never lets an exception escape the writer thread (it would end the process): the batch fails instead.</summary>
    private void SafeCommitBatch(List<WriteRequest> batch)
    {
        try
        {
            this.CommitBatch(batch);
        }
        catch (Exception e)
        {
            Exception error = SqliteErrors.Translate(e, this.path, "writing");
            StatementCache.Clear(this.connection);
            try
            {
                if (this.InTransaction())
                {
                    SqliteConnections.Execute(this.connection, "ROLLBACK;");
                }
            }
            catch (Exception rollback) when (rollback is SqliteException or InvalidOperationException)
            {
                // The connection is unusable; every later write fails with its own error.
            }

            batch.ForEach(r => r.Fail(error));
        }
    }

    private void CommitBatch(List<WriteRequest> batch)
    {
        try
        {
            bool full = this.fullSync && batch.Exists(r => r.Durable);
            if (full != this.connectionFull)
            {
                SqliteConnections.Execute(this.connection, full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
                this.connectionFull = full;
            }

            SqliteConnections.Execute(this.connection, "BEGIN IMMEDIATE;");
        }
        catch (Exception e)
        {
            Exception error = SqliteErrors.Translate(e, this.path, "starting a write transaction");
            StatementCache.Clear(this.connection);
            batch.ForEach(r => r.Fail(error));
            return;
        }

        Exception? transactionLost = null;
        foreach (WriteRequest request in batch)
        {
            try
            {
                SqliteConnections.Execute(this.connection, "SAVEPOINT request;");
                request.Execute(this.connection);
                SqliteConnections.Execute(this.connection, "RELEASE request;");
            }
            catch (Exception e)
            {
                request.Error = SqliteErrors.Translate(e, this.path, request.Step);

                // A statement that failed may be left mid-run: prepare fresh ones from here on.
                StatementCache.Clear(this.connection);
                if (this.InTransaction())
                {
                    SqliteConnections.Execute(this.connection, "ROLLBACK TO request; RELEASE request;");
                }
                else
                {
                    // SQLite rolled back the whole transaction (disk full, I/O error): nothing of
                    // this batch is applied, so nothing of it may be reported as done.
                    transactionLost = request.Error;
                    break;
                }
            }
        }

        if (transactionLost is null)
        {
            try
            {
                this.faults.Step(StoreFaults.CommitStep);
                SqliteConnections.Execute(this.connection, "COMMIT;");
                Interlocked.Increment(ref this.committedTransactions);
                if (this.connectionFull)
                {
                    Interlocked.Increment(ref this.durableTransactions);
                }

                Interlocked.Add(ref this.committedRequests, batch.Count);
            }
            catch (Exception e)
            {
                transactionLost = SqliteErrors.Translate(e, this.path, "committing");
                StatementCache.Clear(this.connection);
                if (this.InTransaction())
                {
                    TryRollback();
                }
            }
        }

        if (transactionLost is not null)
        {
            foreach (WriteRequest request in batch)
            {
                request.Error ??= transactionLost;
            }
        }

        foreach (WriteRequest request in batch)
        {
            request.Complete();
        }

        void TryRollback()
        {
            try
            {
                SqliteConnections.Execute(this.connection, "ROLLBACK;");
            }
            catch (SqliteException)
            {
                // Already rolled back by SQLite.
            }
        }
    }

    private bool InTransaction() => SQLitePCL.raw.sqlite3_get_autocommit(this.connection.Handle) == 0;

    private abstract class WriteRequest
    {
        protected WriteRequest(string step) => this.Step = step;

        public string Step { get; }

        public bool Durable { get; init; } = true;

        public Exception? Error { get; set; }

        public abstract void Execute(SqliteConnection connection);

        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private sealed class WriteRequest<T>(string step, Func<SqliteConnection, T> work, Action<T>? afterCommit) : WriteRequest(step)
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;

        public Task<T> Task => this.completion.Task;

        public override void Execute(SqliteConnection connection) => this.result = work(connection);

        public override void Complete()
        {
            if (this.Error is not null)
            {
                this.completion.TrySetException(this.Error);
                return;
            }

            try
            {
                afterCommit?.Invoke(this.result!);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A wake-up that fails must not report a committed write as failed.
            }

            this.completion.TrySetResult(this.result!);
        }

        public override void Fail(Exception error)
        {
            this.Error = error;
            this.completion.TrySetException(error);
        }
    }
}
