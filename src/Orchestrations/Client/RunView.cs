using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>A run as a client sees it: the framework's status, the run's custom status while it runs, its output when done.</summary>
/// <param name="InstanceId">The run's instance id.</param>
/// <param name="RuntimeStatus">The orchestration's status.</param>
public sealed record RunView(string InstanceId, OrchestrationRuntimeStatus RuntimeStatus)
{
    /// <summary>The custom status (phase, pending calls, progress), while it runs.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>The output (report and approval audit), once the run completed.</summary>
    public ScriptRunOutput? Output { get; init; }

    /// <summary>The harness fault that failed the orchestration, with our stable code, when it failed.</summary>
    public RunFailure? Failure { get; init; }

    /// <summary>When the run was created (for a planned run, when its turn was).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// Whether no instance of the run exists yet: it is a block of a live turn that the turn
    /// starts once the blocks before it have completed. Its <see cref="RuntimeStatus"/> is
    /// <see cref="OrchestrationRuntimeStatus.Pending"/>.
    /// </summary>
    public bool Planned { get; init; }

    /// <summary>The run this one continues (<see cref="ScriptRunClient.ContinueRunAsync"/>), when it continues one.</summary>
    public string? ContinuedFrom { get; init; }
}
