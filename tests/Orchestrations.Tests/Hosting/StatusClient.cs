using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Tests.Orchestrations.Hosting;

/// <summary>
/// A durable client that only reads instances: each read answers with what <see cref="Answer"/>
/// says for that read (a status, a finished run, or a failure), after an optional hold, and is
/// counted when it starts.
/// </summary>
internal sealed class StatusClient : DurableTaskClient
{
    private readonly TaskCompletionSource<int>[] reads = [.. Enumerable.Range(0, 64).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously))];
    private int count;

    public StatusClient(Func<int, OrchestrationMetadata?> answer, Func<int, Task>? hold = null)
        : base("status-client")
    {
        this.Answer = answer;
        this.Hold = hold ?? (_ => Task.CompletedTask);
    }

    /// <summary>Given the 1-based number of the read, what it waits for before it answers.</summary>
    public Func<int, Task> Hold { get; }

    /// <summary>Given the 1-based number of the read, what it returns (or throws).</summary>
    public Func<int, OrchestrationMetadata?> Answer { get; }

    public int Reads => Volatile.Read(ref this.count);

    public static OrchestrationMetadata Running(string instanceId, params int[] cancelling) =>
        new("ScriptRun", instanceId)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            SerializedCustomStatus = JsonDataConverter.Default.Serialize(new RunStatus(RunPhase.Running) { Cancelling = cancelling, CallsInFlight = 3 }),
            DataConverter = JsonDataConverter.Default,
        };

    public static OrchestrationMetadata Finished(string instanceId, OrchestrationRuntimeStatus status) =>
        new("ScriptRun", instanceId) { RuntimeStatus = status, DataConverter = JsonDataConverter.Default };

    /// <summary>Completes when read <paramref name="n"/> has started (n at most 64).</summary>
    public Task WhenReadAsync(int n) => this.reads[n - 1].Task.WaitAsync(TimeSpan.FromSeconds(60));

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        int n = Interlocked.Increment(ref this.count);
        if (n <= this.reads.Length)
        {
            this.reads[n - 1].TrySetResult(n);
        }

        await this.Hold(n);
        return this.Answer(n);
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
