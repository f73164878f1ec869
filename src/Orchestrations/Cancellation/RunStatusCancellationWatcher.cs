using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Options;

namespace ScriptHarness.Orchestrations.Cancellation;

/// <summary>
/// Carries a run's cancel to a tool call on any worker, with no storage of its own: the run lists
/// the calls it wants stopped in its custom status (<c>cancelling</c>), and this worker reads the
/// status of each run that has a call running here for longer than
/// <see cref="OrchestrationsOptions.CancellationGrace"/>, through its <see cref="DurableTaskClient"/>,
/// every <see cref="OrchestrationsOptions.CancellationPollInterval"/> (jittered, so runs do not
/// read together). A call listed there, or any call of a run that has finished (nobody awaits it
/// any more), is cancelled. One read per run serves all of that run's calls on this worker.
/// A failed read is logged at debug and retried; it never fails a call.
/// </summary>
/// <remarks>
/// One loop per worker process, running only while calls are watched, wakes every quarter
/// interval (25 to 250 ms) to start the reads that are due; watching a call only records it, so
/// a call that ends within the grace period costs a dictionary entry and no timer.
/// </remarks>
internal sealed class RunStatusCancellationWatcher : IToolCancellationWatcher
{
    private const double Jitter = 0.2;

    private readonly DurableTaskClient client;
    private readonly OrchestrationsOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly TimeSpan tick;
    private readonly Lock gate = new();
    private readonly Dictionary<string, RunWatch> runs = new(StringComparer.Ordinal);
    private Task loop = Task.CompletedTask;
    private long ticks;

    public RunStatusCancellationWatcher(DurableTaskClient client, IOptions<OrchestrationsOptions> options, ILogger<RunStatusCancellationWatcher> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        this.client = client;
        this.options = options.Value;
        this.logger = logger;
        this.time = time;
        this.tick = TimeSpan.FromTicks(Math.Clamp(
            this.options.CancellationPollInterval.Ticks / 4,
            TimeSpan.FromMilliseconds(25).Ticks,
            TimeSpan.FromMilliseconds(250).Ticks));
    }

    /// <summary>The current watch loop; completed when no call is watched (tests wait for it).</summary>
    internal Task Loop
    {
        get
        {
            lock (this.gate)
            {
                return this.loop;
            }
        }
    }

    /// <summary>How many times the loop has woken (tests wait for it).</summary>
    internal long Ticks => Interlocked.Read(ref this.ticks);

    /// <inheritdoc />
    public IAsyncDisposable Watch(string instanceId, ToolInvocation invocation, Action cancel)
    {
        ArgumentNullException.ThrowIfNull(cancel);

        // Only a script run's own calls (key = run id + call sequence) are listed in its status.
        if (this.options.CancellationPollInterval <= TimeSpan.Zero
            || string.IsNullOrEmpty(instanceId)
            || invocation is null
            || !invocation.IsCallOf(instanceId))
        {
            return CallWatch.None;
        }

        CallWatch call = new(this, instanceId, invocation.CallId, cancel, this.time.GetTimestamp());
        lock (this.gate)
        {
            if (!this.runs.TryGetValue(instanceId, out RunWatch? run))
            {
                run = new RunWatch(instanceId);
                this.runs.Add(instanceId, run);
            }

            run.Calls.Add(call);
            if (this.loop.IsCompleted)
            {
                this.loop = Task.Run(this.LoopAsync, CancellationToken.None);
            }
        }

        return call;
    }

    private void Unwatch(CallWatch call)
    {
        lock (this.gate)
        {
            if (this.runs.TryGetValue(call.InstanceId, out RunWatch? run) && run.Calls.Remove(call) && run.Calls.Count == 0)
            {
                this.runs.Remove(call.InstanceId);
            }
        }
    }

    private async Task LoopAsync()
    {
        List<RunWatch> due = [];
        while (true)
        {
            await Task.Delay(this.tick, this.time).ConfigureAwait(false);
            Interlocked.Increment(ref this.ticks);
            lock (this.gate)
            {
                if (this.runs.Count == 0)
                {
                    // Under the lock: a Watch that comes after this sees a completed loop and starts one.
                    this.loop = Task.CompletedTask;
                    return;
                }

                long now = this.time.GetTimestamp();
                foreach (RunWatch run in this.runs.Values)
                {
                    if (!run.Reading && now >= run.NextReadAt && run.Calls.Exists(c => !c.Stopping && this.time.GetElapsedTime(c.StartedAt, now) >= this.options.CancellationGrace))
                    {
                        run.Reading = true;
                        due.Add(run);
                    }
                }
            }

            foreach (RunWatch run in due)
            {
                _ = this.ReadAsync(run);
            }

            due.Clear();
        }
    }

    /// <summary>Reads one run's status and cancels the calls it asks to stop. Never throws.</summary>
    private async Task ReadAsync(RunWatch run)
    {
        (bool finished, IReadOnlyList<int> cancelling) = await this.CheckAsync(run.InstanceId).ConfigureAwait(false);
        List<CallWatch> stop = [];
        lock (this.gate)
        {
            run.Reading = false;
            run.NextReadAt = this.time.GetTimestamp() + (long)(this.NextInterval().TotalSeconds * this.time.TimestampFrequency);
            foreach (CallWatch call in run.Calls)
            {
                if (!call.Stopping && (finished || cancelling.Contains(call.CallId)))
                {
                    call.Stopping = true;
                    stop.Add(call);
                }
            }
        }

        foreach (CallWatch call in stop)
        {
            if (finished)
            {
                this.logger.RunFinishedWhileCallRuns(run.InstanceId, call.CallId);
            }
            else
            {
                this.logger.CancelSeen(run.InstanceId, call.CallId);
            }

            call.Cancel();
        }
    }

    /// <summary>Whether the run has finished, and which calls it lists as cancelling (nothing when the read failed).</summary>
    private async Task<(bool Finished, IReadOnlyList<int> Cancelling)> CheckAsync(string instanceId)
    {
        try
        {
            OrchestrationMetadata? metadata = await this.client.GetInstanceAsync(instanceId, getInputsAndOutputs: false).ConfigureAwait(false);
            if (metadata is null)
            {
                this.logger.RunNotFound(instanceId);
                return (false, []);
            }

            if (metadata.IsCompleted)
            {
                return (true, []);
            }

            return (false, metadata.SerializedCustomStatus is { Length: > 0 } ? metadata.ReadCustomStatusAs<CancellingView>()?.Cancelling ?? [] : []);
        }
#pragma warning disable CA1031 // Any failure of a status read (store, network, an unreadable status) is retried, never a call's failure.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            this.logger.StatusReadFailed(exception, instanceId);
            return (false, []);
        }
    }

#pragma warning disable CA5394 // Jitter spreads reads over time; it needs no secure randomness.
    private TimeSpan NextInterval() =>
        this.options.CancellationPollInterval * (1 - Jitter + (2 * Jitter * Random.Shared.NextDouble()));
#pragma warning restore CA5394

    /// <summary>The one field of <c>RunStatus</c> the watcher reads.</summary>
    private sealed class CancellingView
    {
        public IReadOnlyList<int>? Cancelling { get; set; }
    }

    /// <summary>The calls of one run watched on this worker, and when to read the run next. Guarded by the watcher's lock.</summary>
    private sealed class RunWatch(string instanceId)
    {
        public string InstanceId { get; } = instanceId;

        public List<CallWatch> Calls { get; } = [];

        public bool Reading { get; set; }

        public long NextReadAt { get; set; }
    }

    /// <summary>One watched call; disposing it ends the watch, after which its cancel never runs.</summary>
    internal sealed class CallWatch : IAsyncDisposable
    {
        private readonly RunStatusCancellationWatcher? owner;
        private readonly Action? cancel;
        private readonly Lock callGate = new();
        private bool ended;

        public CallWatch(RunStatusCancellationWatcher owner, string instanceId, int callId, Action cancel, long startedAt)
        {
            this.owner = owner;
            this.InstanceId = instanceId;
            this.CallId = callId;
            this.cancel = cancel;
            this.StartedAt = startedAt;
        }

        private CallWatch()
        {
            this.InstanceId = string.Empty;
            this.ended = true;
        }

        /// <summary>A watch that does nothing (polling off, or a call that is not a script run's).</summary>
        public static CallWatch None { get; } = new();

        public string InstanceId { get; }

        public int CallId { get; }

        public long StartedAt { get; }

        /// <summary>Set once a read asked to stop the call (guarded by the watcher's lock): it needs no more reads.</summary>
        public bool Stopping { get; set; }

        /// <summary>Runs the call's cancel unless the watch has ended (the call's token may be gone then).</summary>
        public void Cancel()
        {
            lock (this.callGate)
            {
                if (this.ended)
                {
                    return;
                }

                try
                {
                    this.cancel!();
                }
#pragma warning disable CA1031 // A tool's cancellation callback that throws must not escape into the watch loop.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    this.owner!.logger.CancelFailed(exception, this.InstanceId, this.CallId);
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            lock (this.callGate)
            {
                if (this.ended)
                {
                    return ValueTask.CompletedTask;
                }

                this.ended = true;
            }

            this.owner!.Unwatch(this);
            return ValueTask.CompletedTask;
        }
    }
}
