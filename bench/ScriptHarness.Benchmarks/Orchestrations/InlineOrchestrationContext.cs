using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ScriptHarness.Benchmarks.Orchestrations;

/// <summary>
/// An orchestration context with no framework behind it: every activity completes at once with
/// <see cref="ActivityResult"/>, and the custom status is serialized after each call, as the
/// framework does at the end of each episode. Driving an orchestrator on it measures the
/// orchestrator's own CPU (for a script run: Jint, the step machine, policy and status) with
/// live-run caching on, i.e. without replays and without any backend.
/// </summary>
internal sealed class InlineOrchestrationContext(string instanceId) : TaskOrchestrationContext
{
    private static readonly JsonDataConverter Converter = JsonDataConverter.Default;

    private object? customStatus;
    private DateTime now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private int guids;
    private int calls;

    public JsonElement ActivityResult { get; init; } = JsonSerializer.SerializeToElement(new { ok = true });

    public int StatusBytes { get; private set; }

    /// <summary>
    /// When set, the episode of a run without live-run caching: the first this many calls come
    /// from the history (replaying), the next one never completes (the episode ends there).
    /// </summary>
    public int? KnownCalls { get; init; }

    public override TaskName Name => "inline";

    public override string InstanceId => instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => this.now;

    public override bool IsReplaying => this.KnownCalls is { } known && this.calls < known;

    public override IReadOnlyDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>();

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    public override T GetInput<T>() => throw new NotSupportedException();

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        if (this.KnownCalls is { } known && this.calls >= known)
        {
            // The episode's new work: scheduled, and the episode ends (the framework serializes the status once).
            _ = Converter.Serialize(input);
            this.StatusBytes = Converter.Serialize(this.customStatus)?.Length ?? 0;
            return new TaskCompletionSource<TResult>().Task;
        }

        this.calls++;
        if (this.KnownCalls is not null)
        {
            // A replayed call: its result comes from the history, nothing is serialized.
            this.now = this.now.AddMilliseconds(1);
            return Task.FromResult((TResult)(object)this.ActivityResult);
        }

        // One episode per call: the framework serializes the input and the status, time moves on.
        _ = Converter.Serialize(input);
        this.StatusBytes = Converter.Serialize(this.customStatus)?.Length ?? 0;
        this.now = this.now.AddMilliseconds(1);
        return Task.FromResult((TResult)(object)this.ActivityResult);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => new TaskCompletionSource().Task;

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<T> never = new();
        cancellationToken.Register(() => never.TrySetCanceled());
        return never.Task;
    }

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus) => this.customStatus = customStatus;

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override Guid NewGuid() => new(++this.guids, 0, 0, new byte[8]);
}
