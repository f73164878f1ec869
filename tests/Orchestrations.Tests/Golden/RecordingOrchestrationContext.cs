using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ScriptHarness.Tests.Orchestrations.Golden;

/// <summary>
/// An orchestration context with no framework behind it that hands every action the orchestrator
/// schedules (activity, timer, event wait, sub-orchestration, event sent) to an
/// <see cref="ActionSequenceDriver"/>, which records it and later completes it in a fixed order.
/// The clock is the driver's, so nothing here depends on wall-clock time or thread timing.
/// </summary>
internal sealed class RecordingOrchestrationContext(ActionSequenceDriver driver, string instanceId, string version, string label) : TaskOrchestrationContext
{
    private int guids;

    public string Label => label;

    public override TaskName Name => "recorded";

    public override string InstanceId => instanceId;

    public override string Version => version;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => driver.Now;

    public override bool IsReplaying => false;

    public override IReadOnlyDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>();

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override T GetInput<T>() => throw new NotSupportedException();

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        options?.Retry?.Handler is { } handler
            ? this.WithRetryHandler(() => driver.ScheduleActivity<TResult>(this, name.Name, input), handler)
            : driver.ScheduleActivity<TResult>(this, name.Name, input);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) =>
        driver.ScheduleTimer(this, fireAt, cancellationToken);

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        driver.Wait<T>(this, eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) =>
        driver.Send(this, instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus)
    {
        // Not an action: the framework serializes it with the episode.
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        driver.StartChild<TResult>(this, orchestratorName.Name, input, options);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    /// <summary>What the framework's shim does with a retry handler: after each failed attempt, ask the handler (which may await timers), then schedule the next.</summary>
    private async Task<TResult> WithRetryHandler<TResult>(Func<Task<TResult>> attempt, AsyncRetryHandler handler)
    {
        DateTime first = this.CurrentUtcDateTime;
        for (int failures = 1; ; failures++)
        {
            TaskFailureDetails failure;
            try
            {
                return await attempt();
            }
            catch (TaskFailedException failed)
            {
                failure = failed.FailureDetails;
            }

            if (!await handler(new RetryContext(this, failures, failure, this.CurrentUtcDateTime - first, CancellationToken.None)))
            {
                throw new TaskFailedException("retried", failures, failure);
            }
        }
    }

    public override Guid NewGuid() => new(++this.guids, 0, 0, new byte[8]);
}
