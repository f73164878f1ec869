using DurableTask.Core;
using ScriptHarness.Durable.Backends.Sqlite.Storage;
using ScriptHarness.Durable.Backends.Sqlite.WorkItems;
using ScriptHarness.Durable.History;

namespace ScriptHarness.Durable.Backends.Sqlite;

/// <summary>
/// Poison-run quarantine. <c>Instances.DispatchAttempts</c> counts the episodes of an instance
/// handed to a dispatcher since it last checkpointed: incremented (committed) before the episode
/// runs, reset by the checkpoint, taken back when the worker itself releases or abandons the work
/// item. What is left counted is episodes whose worker process died (a stack overflow, a
/// FailFast, a SIGKILL, an out-of-memory kill). When the count reaches
/// <see cref="SqliteOrchestrationServiceSettings.PoisonEpisodeLimit"/>, the next hand-out fails
/// the instance in the store (<see cref="PoisonQuarantine"/>) instead of running it again.
/// </summary>
/// <remarks>
/// A death is charged to every episode in flight in the dying process, not only to the one that
/// caused it. So that a poison run does not take innocent bystanders with it, an instance locked
/// with a count above zero (a suspect: it was in flight at a death) runs alone among this
/// process's suspects: the suspect gate lets one suspect episode run at a time, until its
/// checkpoint (or release, abandon, lock loss); other suspects wait, locked and renewed, in
/// <see cref="deferredSuspects"/>. A suspect that dies is then charged alone; one that checkpoints
/// is cleared. Non-suspects are not held back: an innocent is charged at most once per new poison
/// run before it becomes a suspect itself.
/// </remarks>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>SQL fragment: a released or abandoned work item takes back the attempt it counted (<c>$counted</c> is 0 or 1).</summary>
    private const string TakeBackDispatch = "DispatchAttempts = MAX(DispatchAttempts - $counted, 0)";

    /// <summary>Suspects locked while another suspect's episode runs in this process; handed out one at a time as the gate frees.</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<SqliteOrchestrationWorkItem> deferredSuspects = new();

    /// <summary>1 while a suspect's episode runs in this process.</summary>
    private int suspectRunning;

    /// <summary>
    /// Whether the item may be handed out now: always for a non-suspect, or for a suspect at the
    /// limit (it is quarantined, not run); for another suspect only when no suspect of this
    /// process runs. A suspect that must wait is kept, still locked, for later.
    /// </summary>
    private bool TryEnterSuspectGate(SqliteOrchestrationWorkItem item)
    {
        if (item.HoldsSuspectGate || item.AttemptsWhenLocked <= 0 || item.AttemptsWhenLocked >= this.settings.PoisonEpisodeLimit)
        {
            return true;
        }

        if (Interlocked.CompareExchange(ref this.suspectRunning, 1, 0) == 0)
        {
            item.HoldsSuspectGate = true;
            return true;
        }

        this.deferredSuspects.Enqueue(item);
        if (Volatile.Read(ref this.suspectRunning) == 0)
        {
            // The running suspect finished between the check and the enqueue.
            this.ResumeDeferredSuspect();
        }

        return false;
    }

    /// <summary>Frees the suspect gate if this item holds it, and hands the next waiting suspect to the poller.</summary>
    private void LeaveSuspectGate(SqliteOrchestrationWorkItem item)
    {
        if (!item.HoldsSuspectGate)
        {
            return;
        }

        item.HoldsSuspectGate = false;
        Volatile.Write(ref this.suspectRunning, 0);
        this.ResumeDeferredSuspect();
    }

    private void ResumeDeferredSuspect()
    {
        if (this.deferredSuspects.TryDequeue(out SqliteOrchestrationWorkItem? next))
        {
            this.lockedInstances.Enqueue(next);
            this.orchestrationSignal.Set();
        }
    }

    /// <summary>
    /// Counts one dispatch of a locked instance, or quarantines it when its earlier dispatches
    /// reached the limit. Counted per hand-out, not when a batch is locked: an instance locked
    /// ahead but never handed out did not run when the process died.
    /// </summary>
    /// <returns>True when the episode may run; false when the instance was quarantined (or its lock lost).</returns>
    private async Task<bool> CountDispatchAsync(SqliteOrchestrationWorkItem item)
    {
        object? counted = await this.LockWriteAsync(
            $"counting a dispatch of instance '{item.InstanceId}'",
            c => Sql.Scalar(
                c,
                "UPDATE Instances SET DispatchAttempts = DispatchAttempts + 1 " +
                "WHERE InstanceId = $id AND LockToken = $token AND LockOwner IS NOT NULL AND DispatchAttempts < $limit RETURNING DispatchAttempts;",
                ("$id", item.InstanceId),
                ("$token", item.LockToken),
                ("$limit", this.settings.PoisonEpisodeLimit))).ConfigureAwait(false);
        if (counted is long)
        {
            item.DispatchCounted = true;
            return true;
        }

        long now = SqliteTime.NowTicks();
        (bool quarantined, string? parent, long attempts) = await this.WriteAsync(
            $"quarantining instance '{item.InstanceId}'",
            c =>
            {
                // Fenced like a checkpoint: only the holder of this lock may end the instance.
                if (Sql.Scalar(c, "SELECT DispatchAttempts FROM Instances WHERE InstanceId = $id AND LockToken = $token;", ("$id", item.InstanceId), ("$token", item.LockToken)) is not long n
                    || n < this.settings.PoisonEpisodeLimit)
                {
                    return (false, (string?)null, 0L);
                }

                var failure = new FailureDetails(PoisonQuarantine.ErrorType, PoisonQuarantine.Message(item.InstanceId, (int)n), stackTrace: null, innerFailure: null, isNonRetriable: true);
                (InstanceEnding.Outcome outcome, string? parentId) = InstanceEnding.Fail(c, item.InstanceId, failure, now);
                return (outcome == InstanceEnding.Outcome.Ended, parentId, n);
            },
            r => this.AfterEnding(r.Item1, r.Item2)).ConfigureAwait(false);
        this.ForgetInstanceLock(item);
        if (quarantined)
        {
            Logs.InstanceQuarantined(this.logger, item.InstanceId, attempts);
            Telemetry.DurableMetrics.Quarantined("sqlite");
        }

        return false;
    }

    /// <summary>Wakes whoever waits for an instance ended in the store: completion waiters, and the parent's poller or session.</summary>
    private void AfterEnding(bool ended, string? parentInstanceId)
    {
        if (!ended)
        {
            return;
        }

        this.completionSignal.Set();
        if (parentInstanceId is null || !this.WakeSession(parentInstanceId))
        {
            this.orchestrationSignal.Set();
        }
    }
}
