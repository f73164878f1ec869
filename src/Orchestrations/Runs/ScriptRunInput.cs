using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The input of one script run orchestration. Everything that shapes the run's decisions is
/// captured here when the run starts (policy, expiry, limits, progress limits, the tool list), never
/// read from configuration during a replay, so a host.json edit or a changed tool registration
/// cannot change what an old run's replay decides. The code that decides is versioned by the
/// orchestration version (<see cref="ReplayContract"/>).
/// </summary>
/// <param name="Script">The script body, already parsed and validated.</param>
/// <param name="Context">Who and where the run belongs to.</param>
public sealed record ScriptRunInput(string Script, RunContext Context)
{
    /// <summary>The host's approval policy when the run started.</summary>
    public ApprovalPolicy HostPolicy { get; init; } = ApprovalPolicy.Default;

    /// <summary>The run's own policy, which can only narrow the host's; null for none.</summary>
    public ApprovalPolicy? RunPolicy { get; init; }

    /// <summary>The script's limits.</summary>
    public ScriptLimits Limits { get; init; } = new();

    /// <summary>How long a question waits for a decision or a host-resolved result.</summary>
    public TimeSpan ApprovalExpiry { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Limits on progress messages.</summary>
    public ProgressOptions Progress { get; init; } = new();

    /// <summary>
    /// The names of the tools the run may call, in the order the script sees them, as registered
    /// when the run started; null (inputs written before the list was recorded) means every tool
    /// of the worker. A tool registered later stays invisible to the run.
    /// </summary>
    public IReadOnlyList<string>? Tools { get; init; }

    /// <summary>
    /// The webhooks told when a call starts waiting for a decision and when the run finishes
    /// (host.json <c>notifications</c> when the run started; replay contract 2 and later); null for none.
    /// </summary>
    public RunNotifications? Notifications { get; init; }

    /// <summary>
    /// The earlier run this one continues and its completed calls, which the run reuses while its
    /// script repeats them; null (omitted) for a run that continues nothing, whose action sequence
    /// is unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunContinuation? Continuation { get; init; }

    /// <summary>
    /// The retry policy of each tool that has one, as in force when the run started (the tool's
    /// descriptor or host.json <c>tools</c> entry, overridden by <c>orchestrations:toolRetries</c>), so a
    /// paused run replays with the same policy whatever host.json says later; null (omitted) for
    /// none: every call is tried once and the action sequence is unchanged.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ScriptHarness.ScriptRuntime.Tools.ToolRetryPolicy>? Retries { get; init; }

    /// <summary>The harness package version that started the run (diagnostics only; replay compatibility is the orchestration version).</summary>
    public string HarnessVersion { get; init; } = Runs.HarnessVersion.Current;
}
