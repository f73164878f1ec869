using DurableTask.Core;
using ScriptHarness.Durable.Backends.Sqlite.Storage;
using ScriptHarness.Durable.Backends.Sqlite.WorkItems;

namespace ScriptHarness.Durable.Backends.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// The heartbeat: every third of the lock timeout, renews in one transaction every lock this
    /// process holds (instances in an episode or a session, running activities). A lock is only
    /// lost when its process stops renewing it (crash, freeze) for a whole lock timeout.
    /// </summary>
    /// <remarks>
    /// A renewal only extends a lock that is still held (<c>LockOwner IS NOT NULL</c>): a work
    /// item released between the heartbeat's snapshot and its write keeps the same token, and
    /// extending it would lock a free instance for a whole lock timeout.
    /// </remarks>
    private async Task RenewLocksLoopAsync(CancellationToken cancellationToken)
    {
        TimeSpan interval = this.settings.LockTimeout / 3;
        using var timer = new PeriodicTimer(interval);
        while (await WaitTickAsync(timer, cancellationToken).ConfigureAwait(false))
        {
            if (this.renewalSuspended)
            {
                continue;
            }

            SqliteOrchestrationWorkItem[] instances = [.. this.heldLocks.Instances.Values];
            // An activity held for the maximum lock lifetime is not renewed: it hangs (or runs
            // longer than any tool should), and once its lock expires any worker retries it.
            SqliteActivityWorkItem[] tasks = [.. this.heldLocks.Tasks.Values.Where(t => !this.StopRenewingIfHeldTooLong(t))];
            if (instances.Length == 0 && tasks.Length == 0)
            {
                continue;
            }

            DateTime expires = DateTime.UtcNow + this.settings.LockTimeout;
            try
            {
                (List<SqliteOrchestrationWorkItem> lostInstances, List<SqliteActivityWorkItem> lostTasks) = await this.LockWriteAsync("renewing locks", c =>
                {
                    var lostI = new List<SqliteOrchestrationWorkItem>();
                    var lostT = new List<SqliteActivityWorkItem>();
                    foreach (SqliteOrchestrationWorkItem item in instances)
                    {
                        if (Sql.Execute(c, "UPDATE Instances SET LockExpiresTicks = $exp WHERE InstanceId = $id AND LockToken = $token AND LockOwner IS NOT NULL;", ("$exp", expires.Ticks), ("$id", item.InstanceId), ("$token", item.LockToken)) == 0)
                        {
                            lostI.Add(item);
                        }
                    }

                    foreach (SqliteActivityWorkItem item in tasks)
                    {
                        if (Sql.Execute(c, "UPDATE NewTasks SET LockExpiresTicks = $exp WHERE Id = $id AND LockToken = $token AND LockOwner IS NOT NULL;", ("$exp", expires.Ticks), ("$id", item.RowId), ("$token", item.LockToken)) == 0)
                        {
                            lostT.Add(item);
                        }
                    }

                    return (lostI, lostT);
                }).ConfigureAwait(false);

                foreach (SqliteOrchestrationWorkItem item in instances.Except(lostInstances))
                {
                    item.LockExpiresUtc = expires;
                }

                foreach (SqliteActivityWorkItem item in tasks.Except(lostTasks))
                {
                    item.LockExpiresUtc = expires;
                }

                foreach (SqliteOrchestrationWorkItem item in lostInstances)
                {
                    // Released concurrently by its own completion, or taken over: either way no longer ours.
                    this.heldLocks.Instances.TryRemove(new KeyValuePair<string, SqliteOrchestrationWorkItem>(item.InstanceId, item));
                }

                foreach (SqliteActivityWorkItem item in lostTasks)
                {
                    this.heldLocks.Tasks.TryRemove(new KeyValuePair<long, SqliteActivityWorkItem>(item.RowId, item));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Logs.RenewalFailed(this.logger, e);
            }
        }
    }

    private bool StopRenewingIfHeldTooLong(SqliteActivityWorkItem item)
    {
        if (!this.HeldTooLong(item))
        {
            return false;
        }

        if (!item.Expiring)
        {
            item.Expiring = true;
            Logs.ActivityLockLifetimeReached(this.logger, item.Id, item.InstanceId, this.settings.MaxActivityLockLifetime);
        }

        return true;
    }

    private static async Task<bool> WaitTickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Purges finished instances older than the retention setting, if one is set.</summary>
    private async Task RetentionLoopAsync(CancellationToken cancellationToken)
    {
        if (this.settings.CompletedInstanceRetention is not { } retention)
        {
            return;
        }

        do
        {
            try
            {
                DateTime threshold = DateTime.UtcNow - retention;
                PurgeResult result = await this.PurgeWhereAsync(
                    $"RuntimeStatus IN {InstanceRows.TerminalStatusList} AND CompletedTicks < $threshold",
                    [("$threshold", threshold.Ticks)],
                    timeout: null).ConfigureAwait(false);
                if (result.DeletedInstanceCount > 0)
                {
                    Logs.RetentionPurged(this.logger, result.DeletedInstanceCount, retention);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Logs.RetentionFailed(this.logger, e);
            }

            await Task.Delay(this.settings.RetentionPurgeInterval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        while (!cancellationToken.IsCancellationRequested);
    }
}
