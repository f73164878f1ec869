using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ScriptHarness.Durable.Shims;

/// <summary>Members the product does not use: each throws <see cref="NotSupportedException"/> naming itself.</summary>
public sealed partial class TaskHubDurableTaskClient
{
    /// <inheritdoc />
    public override Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default) =>
        throw Unsupported(nameof(RestartAsync));

    /// <inheritdoc />
    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default) =>
        throw Unsupported(nameof(RewindInstanceAsync));

    /// <inheritdoc />
    public override Microsoft.DurableTask.Client.Entities.DurableEntityClient Entities => throw Unsupported(nameof(this.Entities));

    /// <inheritdoc />
    public override Task<Page<string>> ListInstanceIdsAsync(
        IEnumerable<OrchestrationRuntimeStatus>? runtimeStatus = null,
        DateTimeOffset? completedTimeFrom = null,
        DateTimeOffset? completedTimeTo = null,
        int pageSize = Microsoft.DurableTask.Client.OrchestrationQuery.DefaultPageSize,
        string? lastInstanceKey = null,
        CancellationToken cancellation = default) =>
        throw Unsupported(nameof(ListInstanceIdsAsync));

    private static NotSupportedException Unsupported(string member) =>
        new($"{nameof(TaskHubDurableTaskClient)}.{member} is not supported by the ScriptHarness durable client.");
}
