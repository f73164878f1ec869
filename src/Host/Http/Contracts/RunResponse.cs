using System.Text.Json.Serialization;
using ScriptHarness.Host.Cli;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Http.Contracts;

/// <summary>A run as <c>GET /api/runs/{id}</c> and <c>status ID</c> show it.</summary>
/// <param name="InstanceId">The run's (or turn's) instance id.</param>
/// <param name="RuntimeStatus">
/// The Durable Task framework's orchestration status, spelled as the framework names it (Pending,
/// Running, Suspended, Completed, Failed, Terminated, ContinuedAsNew) and as the status filter of
/// GET /api/runs takes it (case-insensitively): kept as the framework spells it, unlike this API's
/// own enums (kebab case), so that a status reads the same here as in every durable tool.
/// </param>
/// <param name="CreatedAt">When it was created.</param>
internal sealed record RunResponse(string InstanceId, string RuntimeStatus, DateTimeOffset CreatedAt)
{
    /// <summary>
    /// True for a run its turn has not started yet (it waits for the blocks before it):
    /// <see cref="RuntimeStatus"/> is <c>Pending</c> and no instance exists until the turn starts it.
    /// </summary>
    public bool Planned { get; init; }

    /// <summary>
    /// Where a running script is: running, awaiting-approval, awaiting-result, finishing (kebab case on
    /// the wire as everywhere on this API; the run's custom status keeps its camelCase spelling).
    /// </summary>
    [JsonConverter(typeof(KebabCaseEnumConverter<RunPhase>))]
    public RunPhase? Phase { get; init; }

    /// <summary>Calls that wait for a decision or a result (arguments as JSON values, cut to 2 KiB; the history has them whole).</summary>
    public IReadOnlyList<PendingCallResponse> Pending { get; init; } = [];

    /// <summary>Calls already decided.</summary>
    public IReadOnlyList<DecidedCall> Decided { get; init; } = [];

    /// <summary>Calls settled and in flight.</summary>
    public int CallsDone { get; init; }

    /// <summary>Calls started and not settled.</summary>
    public int CallsInFlight { get; init; }

    /// <summary>Calls the run asked to stop whose activities still run (they stop on their worker and are reported cancelled).</summary>
    public IReadOnlyList<int> Cancelling { get; init; } = [];

    /// <summary>The last progress message of the script.</summary>
    public string? LastProgress { get; init; }

    /// <summary>The report, once the run finished.</summary>
    public BlockReport? Report { get; init; }

    /// <summary>For a turn: its runs, one per block, in order.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RunLinks>? Runs { get; init; }

    /// <summary>The run this run continues (<c>POST /api/runs/{id}/continue</c>), when it continues one.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ContinuedFrom { get; init; }

    /// <summary>Links to act on the run.</summary>
    public RunLinks? Links { get; init; }

    /// <summary>The view of <paramref name="view"/>.</summary>
    public static RunResponse From(RunView view, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        // A finished run's custom status is its last one while running: not what it waits for now.
        RunStatus? status = RunWatcher.IsFinished(view.RuntimeStatus) ? null : view.Status;
        return new RunResponse(view.InstanceId, view.RuntimeStatus.ToString(), view.CreatedAt)
        {
            Planned = view.Planned,
            Phase = status?.Phase,
            Pending = [.. (status?.Pending ?? []).Select(PendingCallResponse.From)],
            Decided = status?.Decided ?? [],
            CallsDone = status?.CallsDone ?? 0,
            CallsInFlight = status?.CallsInFlight ?? 0,
            Cancelling = status?.Cancelling ?? [],
            LastProgress = status?.LastProgress,
            Report = RunWatcher.IsFinished(view.RuntimeStatus) && (view.Output is not null || view.RuntimeStatus != Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed)
                ? RunWatcher.Finished(RunIds.BlockOf(view.InstanceId, 0), view)
                : null,
            ContinuedFrom = view.ContinuedFrom,
            Links = baseUrl is null ? null : RunLinks.For(RunIds.BlockOf(view.InstanceId, 0), view.InstanceId),
        };
    }
}
