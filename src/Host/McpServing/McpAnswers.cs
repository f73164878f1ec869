using System.Text.Json.Serialization;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.McpServing;

/// <summary>
/// A run as the MCP tools answer it. <see cref="Status"/> is the one field a client branches on:
/// <c>running</c> (still working when the wait ended: call <c>get_run</c>), <c>paused</c> (calls
/// wait for a decision or a result: see <see cref="Pending"/>, answer with <c>decide_call</c>),
/// <c>not-started</c> (a later block waiting for the blocks before it), or the report's status
/// once finished (<c>completed</c>, <c>failed</c>, <c>cancelled</c>, <c>not-run</c>).
/// </summary>
/// <param name="InstanceId">The run's instance id: what <c>get_run</c> and <c>decide_call</c> take, from any session or process.</param>
/// <param name="Status">See the type's summary.</param>
internal sealed record McpRunAnswer(string InstanceId, string Status)
{
    /// <summary>Where a running script is (running, awaitingApproval, awaitingResult, finishing).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunPhase? Phase { get; init; }

    /// <summary>Calls settled so far.</summary>
    public int CallsDone { get; init; }

    /// <summary>Calls started and not settled.</summary>
    public int CallsInFlight { get; init; }

    /// <summary>The last progress message of the script.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastProgress { get; init; }

    /// <summary>Calls that wait for a decision (<c>kind: approval</c>) or a posted result.</summary>
    public IReadOnlyList<PendingCall> Pending { get; init; } = [];

    /// <summary>The report, once the run finished.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BlockReport? Report { get; init; }

    /// <summary>What <c>decide_call</c> did with the decision: <c>delivered</c> or <c>already-decided</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Decision { get; init; }
}

/// <summary>A turn (one model output or one script) as <c>run_script</c> and <c>get_run</c> answer it.</summary>
/// <param name="TurnId">The turn's instance id (<c>get_run</c> accepts it too).</param>
/// <param name="Status">The first run's status that is not <c>completed</c>, or <c>completed</c>.</param>
/// <param name="Runs">One run per <c>&lt;tool-calls&gt;</c> block, in order.</param>
internal sealed record McpTurnAnswer(string TurnId, string Status, IReadOnlyList<McpRunAnswer> Runs)
{
    /// <summary>Whether the same conversation and turn had been started before (nothing new was started).</summary>
    public bool AlreadyStarted { get; init; }

    /// <summary>The turn's status from its runs' answers.</summary>
    public static string StatusOf(IReadOnlyList<McpRunAnswer> runs) =>
        runs.FirstOrDefault(r => r.Status == McpRunStatus.Paused)?.Status
        ?? runs.FirstOrDefault(r => r.Status != McpRunStatus.Completed)?.Status
        ?? McpRunStatus.Completed;
}

/// <summary>
/// The statuses of <see cref="McpRunAnswer.Status"/> that are not a report's, kebab case like
/// every wire value (earlier answers spelled it <c>notStarted</c>; nothing in the harness reads
/// answers back, so only a client that matched that spelling needs to change).
/// </summary>
internal static class McpRunStatus
{
    public const string Running = "running";
    public const string Paused = "paused";
    public const string NotStarted = "not-started";
    public const string Completed = "completed";
}
