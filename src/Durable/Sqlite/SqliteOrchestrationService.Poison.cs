using DurableTask.Core;
using ScriptHarness.Durable.History;
using ScriptHarness.Durable.Sqlite.Storage;
using ScriptHarness.Durable.Sqlite.WorkItems;

namespace ScriptHarness.Durable.Sqlite;

/// <summary>
/// Poison-run quarantine. <c>Instances.DispatchAttempts</c> counts the episodes of an instance
/// handed to a dispatcher since it last checkpointed: incremented (committed) before the episode
/// runs, reset by the checkpoint, taken back when the worker itself releases or abandons the work
/// item. What is left counted is episodes whose worker process died (a stack overflow, a
/// FailFast, a SIGKILL, an out-of-memory kill). When the count reaches
/// <see cref="SqliteOrchestrationServiceSettings.PoisonEpisodeLimit"/>, the next hand-out fails
/// the instance in the store (<see cref="PoisonQuarantine"/>) instead of running it again.
/// </summary>
public sealed partial class SqliteOrchestrationService
{
    /// <summary>SQL fragment: a released or abandoned work item takes back the attempt it counted (<c>$counted</c> is 0 or 1).</summary>
    const string TakeBackDispatch = "DispatchAttempts = MAX(DispatchAttempts - $counted, 0)";

    /// <summary>
    /// Counts one dispatch of a locked instance, or quarantines it when its earlier dispatches
    /// reached the limit. Counted per hand-out, not when a batch is locked: an instance locked
    /// ahead but never handed out did not run when the process died.
    /// </summary>
    /// <returns>True when the episode may run; false when the instance was quarantined (or its lock lost).</returns>
    async Task<bool> CountDispatchAsync(SqliteOrchestrationWorkItem item)
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
        }

        return false;
    }

    /// <summary>Wakes whoever waits for an instance ended in the store: completion waiters, and the parent's poller or session.</summary>
    void AfterEnding(bool ended, string? parentInstanceId)
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
