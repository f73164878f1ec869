using System.Text.Json.Serialization;

namespace ScriptHarness.Orchestrations.Status;

/// <summary>
/// The custom status of a running script: small on purpose (providers cap it; 64 KiB on Azure
/// Storage), so arguments are cut and the full record lives in the history.
/// </summary>
/// <param name="Phase">Where the run is.</param>
public sealed record RunStatus(RunPhase Phase)
{
    /// <summary>Calls that have settled.</summary>
    public int CallsDone { get; init; }

    /// <summary>Calls started and not yet settled (including those waiting on approval).</summary>
    public int CallsInFlight { get; init; }

    /// <summary>Calls waiting for a decision or a posted result, by call id.</summary>
    public IReadOnlyList<PendingCall> Pending { get; init; } = [];

    /// <summary>Calls that asked and were decided (or expired), by call id.</summary>
    public IReadOnlyList<DecidedCall> Decided { get; init; } = [];

    /// <summary>
    /// Calls whose cancellation the run requested and whose activity is still running, by call
    /// id. A tool activity on any worker reads this to stop (the in-process side channel reaches
    /// only the worker that runs the cancel); bounded by the calls in flight.
    /// </summary>
    public IReadOnlyList<int> Cancelling { get; init; } = [];

    /// <summary>The last message the script sent with <c>context.emitProgress</c>.</summary>
    public string? LastProgress { get; init; }

    /// <summary>Whether the run is a dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>The run this one continues, when it continues one (omitted otherwise).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContinuedFrom { get; init; }

    /// <summary>How many calls a continued run reused from the run it continues so far (omitted when none).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Reused { get; init; }
}
