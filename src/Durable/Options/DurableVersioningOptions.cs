using Microsoft.DurableTask.Worker;

namespace ScriptHarness.Durable.Options;

/// <summary>
/// The Durable Task SDK's orchestration versioning (<see cref="DurableTaskWorkerOptions.VersioningOptions"/>),
/// enforced here by a dispatcher middleware because only the SDK's gRPC worker enforces it.
/// </summary>
public sealed class DurableVersioningOptions
{
    /// <summary>The version of this worker; empty means versioning is off.</summary>
    public string Version { get; set; } = string.Empty;

    /// <summary>Version given to new orchestrations that are scheduled without one.</summary>
    public string DefaultVersion { get; set; } = string.Empty;

    /// <summary>Which orchestration versions this worker runs.</summary>
    public DurableTaskWorkerOptions.VersionMatchStrategy MatchStrategy { get; set; } = DurableTaskWorkerOptions.VersionMatchStrategy.None;

    /// <summary>What happens to an orchestration whose version does not match.</summary>
    public DurableTaskWorkerOptions.VersionFailureStrategy FailureStrategy { get; set; } = DurableTaskWorkerOptions.VersionFailureStrategy.Reject;
}
