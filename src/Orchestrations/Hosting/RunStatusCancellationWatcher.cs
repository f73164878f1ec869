using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Durable;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Configuration;
using ScriptHarness.Orchestrations.Runs;

namespace ScriptHarness.Orchestrations.Hosting;

/// <summary>
/// Carries a run's cancel to a tool call on any worker, with no storage of its own: the run lists
/// the calls it wants stopped in its custom status (<c>cancelling</c>), and a call that has run
/// for <see cref="OrchestrationsOptions.CancellationGrace"/> reads its own run's status through
/// the worker's <see cref="DurableTaskClient"/> every
/// <see cref="OrchestrationsOptions.CancellationPollInterval"/> (jittered, so calls started together
/// do not read together) until it sees its call id, or sees the run finished (nobody awaits the
/// call any more). A failed read is logged at debug and retried; it never fails the call.
/// </summary>
internal sealed partial class RunStatusCancellationWatcher : IToolCancellationWatcher
{
    private const double Jitter = 0.2;

    private readonly DurableTaskClient client;
    private readonly OrchestrationsOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;

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
    }

    /// <inheritdoc />
    public IAsyncDisposable Watch(string instanceId, ToolInvocation invocation, Action cancel)
    {
        ArgumentNullException.ThrowIfNull(cancel);

        // Only a script run's own calls (key = run id + call sequence) are listed in its status.
        if (this.options.CancellationPollInterval <= TimeSpan.Zero
            || string.IsNullOrEmpty(instanceId)
            || invocation is null
            || !string.Equals(invocation.IdempotencyKey, RunIds.IdempotencyKey(instanceId, invocation.CallSeq), StringComparison.Ordinal))
        {
            return Subscription.None;
        }

        return new Subscription(stop => this.PollAsync(instanceId, invocation.CallSeq, cancel, stop));
    }

    private async Task PollAsync(string instanceId, int callSeq, Action cancel, CancellationToken stop)
    {
        // The call's end stops the delays without throwing: most calls end within the grace
        // period, and an exception per call would cost more than the whole watch.
        if (this.options.CancellationGrace > TimeSpan.Zero)
        {
            await Task.Delay(this.options.CancellationGrace, this.time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        else
        {
            // Never read the store on the activity's own thread, before its tool has started.
            await Task.Yield();
        }

        while (!stop.IsCancellationRequested)
        {
            if (await this.CheckAsync(instanceId, callSeq, stop).ConfigureAwait(false))
            {
                this.Cancel(instanceId, callSeq, cancel);
                return;
            }

            await Task.Delay(this.NextInterval(), this.time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Whether the call should stop: its run lists it as cancelling, or the run has finished.</summary>
    private async Task<bool> CheckAsync(string instanceId, int callSeq, CancellationToken stop)
    {
        try
        {
            // WaitAsync: a store read that ignores the token must not hold the call's end back.
            OrchestrationMetadata? run = await this.client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, stop)
                .WaitAsync(stop)
                .ConfigureAwait(false);
            if (run is null)
            {
                LogRunNotFound(this.logger, instanceId, callSeq);
                return false;
            }

            if (run.IsCompleted)
            {
                LogRunFinished(this.logger, instanceId, callSeq, run.RuntimeStatus);
                return true;
            }

            return run.SerializedCustomStatus is { Length: > 0 }
                && run.ReadCustomStatusAs<CancellingView>()?.Cancelling?.Contains(callSeq) == true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
#pragma warning disable CA1031 // Any failure of a status read (store, network, an unreadable status) is retried, never the call's failure.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogReadFailed(this.logger, exception, instanceId, callSeq);
            return false;
        }
    }

    private void Cancel(string instanceId, int callSeq, Action cancel)
    {
        LogCancelSeen(this.logger, instanceId, callSeq);
        try
        {
            cancel();
        }
#pragma warning disable CA1031 // A tool's cancellation callback that throws must not fail the call from here.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogCancelFailed(this.logger, exception, instanceId, callSeq);
        }
    }

#pragma warning disable CA5394 // Jitter spreads reads over time; it needs no secure randomness.
    private TimeSpan NextInterval() =>
        this.options.CancellationPollInterval * (1 - Jitter + (2 * Jitter * Random.Shared.NextDouble()));
#pragma warning restore CA5394

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Run {InstanceId} asked to cancel call {CallSeq}; stopping it on this worker.")]
    private static partial void LogCancelSeen(ILogger logger, string instanceId, int callSeq);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Reading the status of run {InstanceId} for call {CallSeq} failed; retrying.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string instanceId, int callSeq);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Run {InstanceId} of call {CallSeq} was not found; retrying.")]
    private static partial void LogRunNotFound(ILogger logger, string instanceId, int callSeq);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Run {InstanceId} has finished ({Status}) while call {CallSeq} still runs; nobody awaits the call, stopping it.")]
    private static partial void LogRunFinished(ILogger logger, string instanceId, int callSeq, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Cancelling call {CallSeq} of run {InstanceId} threw.")]
    private static partial void LogCancelFailed(ILogger logger, Exception exception, string instanceId, int callSeq);

    /// <summary>The one field of <c>RunStatus</c> the watcher reads.</summary>
    private sealed class CancellingView
    {
        public IReadOnlyList<int>? Cancelling { get; set; }
    }

    /// <summary>One call's watch: the poll loop, stopped and awaited on dispose.</summary>
    internal sealed class Subscription : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private int disposed;

        public Subscription(Func<CancellationToken, Task> poll)
        {
            // The loop's first await (the grace period, or a yield) returns here at once.
            this.Completion = poll(this.stop.Token);
        }

        private Subscription()
        {
            this.Completion = Task.CompletedTask;
            this.disposed = 1;
        }

        /// <summary>A watch that does nothing (polling off, or a call that is not a script run's).</summary>
        public static Subscription None { get; } = new();

        /// <summary>Completes when the poll loop has ended.</summary>
        public Task Completion { get; }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref this.disposed, 1) != 0)
            {
                return;
            }

            // Synchronously: the only callbacks are the loop's own delay and read, and a hop to the
            // thread pool would cost more than the whole watch of a short call.
#pragma warning disable CA1849
            this.stop.Cancel();
#pragma warning restore CA1849
            await this.Completion.ConfigureAwait(false);
            this.stop.Dispose();
        }
    }
}
