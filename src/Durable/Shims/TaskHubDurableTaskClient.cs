using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ScriptHarness.Durable.Shims;

/// <summary>
/// The SDK's <see cref="DurableTaskClient"/> over DTFx's <see cref="TaskHubClient"/> and the
/// backend's client interfaces. Scheduling refuses an instance id that exists in any status (a
/// second run never starts); waits poll from 25 ms backing off to 1 s. Members the product does
/// not use throw <see cref="NotSupportedException"/> naming the member.
/// </summary>
public sealed partial class TaskHubDurableTaskClient : DurableTaskClient
{
    /// <summary>Every DTFx status: an existing instance in any of them blocks a new start.</summary>
    private static readonly OrchestrationStatus[] AllStatuses = Enum.GetValues<OrchestrationStatus>();

    private readonly IOrchestrationServiceClient serviceClient;
    private readonly TaskHubClient taskHubClient;
    private readonly DataConverter dataConverter;
    private readonly string defaultVersion;

    /// <summary>Creates the client.</summary>
    /// <param name="serviceClient">The backend's client side.</param>
    /// <param name="dataConverter">The SDK data converter the worker's shims use.</param>
    /// <param name="defaultVersion">Version given to orchestrations scheduled without one.</param>
    public TaskHubDurableTaskClient(IOrchestrationServiceClient serviceClient, DataConverter dataConverter, string? defaultVersion = null)
        : base("scriptharness")
    {
        this.serviceClient = serviceClient ?? throw new ArgumentNullException(nameof(serviceClient));
        this.dataConverter = dataConverter ?? throw new ArgumentNullException(nameof(dataConverter));
        this.defaultVersion = defaultVersion ?? string.Empty;
        this.taskHubClient = new TaskHubClient(serviceClient, new SdkDataConverterBridge(dataConverter));
    }

    /// <inheritdoc />
    /// <remarks>
    /// An instance id that exists in any status is refused with DTFx's
    /// <c>OrchestrationAlreadyExistsException</c> (an <see cref="InvalidOperationException"/>),
    /// whatever <see cref="StartOrchestrationOptions.DedupeStatuses"/> says.
    /// </remarks>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        string instanceId = string.IsNullOrEmpty(options?.InstanceId) ? Guid.NewGuid().ToString("N") : options.InstanceId;
        string version = options?.Version?.Version is { Length: > 0 } v ? v : this.defaultVersion;
        Dictionary<string, string>? tags = options?.Tags is { Count: > 0 } t ? new Dictionary<string, string>(t) : null;
        if (options?.StartAt is DateTimeOffset startAt)
        {
            await this.taskHubClient.CreateOrchestrationInstanceAsync(
                orchestratorName.Name, version, instanceId, input, tags, AllStatuses, startAt.UtcDateTime).ConfigureAwait(false);
        }
        else
        {
            await this.taskHubClient.CreateOrchestrationInstanceAsync(
                orchestratorName.Name, version, instanceId, input, tags, AllStatuses).ConfigureAwait(false);
        }

        return instanceId;
    }

    /// <inheritdoc />
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return this.taskHubClient.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!);
    }

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.PollAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        this.PollAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    /// <inheritdoc />
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (options?.Recursive == true)
        {
            throw Unsupported($"{nameof(TerminateInstanceAsync)} with {nameof(TerminateInstanceOptions.Recursive)}");
        }

        string? reason = options?.Output is null ? null : this.dataConverter.Serialize(options.Output);
        await this.taskHubClient.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason!).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.taskHubClient.SuspendInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        this.taskHubClient.ResumeInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

    /// <inheritdoc />
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>The backend client this client writes to (tests reach the store through it).</summary>
    internal IOrchestrationServiceClient ServiceClientForTests => this.serviceClient;

    private async Task<OrchestrationMetadata> PollAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        TimeSpan delay = TimeSpan.FromMilliseconds(25);
        while (true)
        {
            OrchestrationMetadata? metadata = await this.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (metadata is not null && done(metadata))
            {
                return metadata;
            }

            await Task.Delay(delay, cancellation).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }
    }
}
