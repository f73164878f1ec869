namespace ScriptHarness.Orchestrations.Options;

/// <summary>
/// The script orchestrations' configuration, bound to host.json section <c>orchestrations</c>
/// and validated at start (<see cref="OrchestrationsOptionsValidator"/>).
/// </summary>
public sealed class OrchestrationsOptions
{
    /// <summary>The host.json section name.</summary>
    public const string SectionName = "orchestrations";

    /// <summary>The highest <see cref="MaxToolCallsWithoutCaching"/> the validator accepts (the ceiling of <c>scriptRuntime:limits:maxToolCalls</c>).</summary>
    public const int MaxToolCallsWithoutCachingCeiling = 100_000;

    /// <summary>The highest <see cref="MaxBlocksPerTurn"/> the validator accepts.</summary>
    public const int MaxBlocksPerTurnCeiling = 1000;

    /// <summary><c>disabled</c>, <c>dry-run</c> or <c>enabled</c> (default).</summary>
    public FeatureMode Mode { get; set; } = FeatureMode.Enabled;

    /// <summary>The host's approval policy and expiry.</summary>
    public ApprovalsOptions Approvals { get; set; } = new();

    /// <summary>
    /// The most <c>&lt;tool-calls&gt;</c> blocks one turn may hold (default 16, from 1 to 1,000): each
    /// block is a run, so without a cap one request could start thousands. A turn over it is refused
    /// whole (<c>limit-exceeded</c>, limit <c>blocksPerTurn</c>) and starts nothing.
    /// </summary>
    public int MaxBlocksPerTurn { get; set; } = 16;

    /// <summary>Limits on progress messages.</summary>
    public ProgressOptions Progress { get; set; } = new();

    /// <summary>
    /// Script engines a worker keeps hardened ahead of runs with the host's limits (default 4,
    /// at most 16, 0 turns it off): a run's start then skips freezing the intrinsics.
    /// </summary>
    public int PrewarmedSandboxes { get; set; } = 4;

    /// <summary>
    /// How often a running tool call reads its run's custom status to see whether the run asked
    /// to cancel it (with up to 20% jitter either way): how a cancel reaches a call on another
    /// worker. Default 2 s; zero turns it off (the in-process side channel still works).
    /// </summary>
    public TimeSpan CancellationPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a tool call runs before it starts reading its run's status, so short calls never
    /// pay for it. Default 1 s.
    /// </summary>
    public TimeSpan CancellationGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Retry policies by tool name (host.json <c>orchestrations:toolRetries</c>), for the built-in
    /// tools and for overriding what a tool's descriptor or its host.json <c>tools</c> entry names
    /// (an entry with <c>attempts: 1</c> turns a tool's retries off). Each run pins the policies in
    /// force when it starts.
    /// </summary>
    public Dictionary<string, ScriptHarness.ScriptRuntime.Tools.ToolRetryPolicy> ToolRetries { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The most tool calls one run may make when the durable backend keeps no live runs between
    /// episodes (its <c>extendedSessionsEnabled</c> is false): every episode then replays the script
    /// from its start, so a run's harness cost grows with the square of its calls. A run's
    /// <c>scriptRuntime:limits:maxToolCalls</c> above it is lowered to it when the run starts (the
    /// call after it rejects with <c>limit-exceeded</c>, limit <c>toolCalls</c>). Default 1,000,
    /// from 1 to 100,000; no effect while live-run caching is on.
    /// </summary>
    public int MaxToolCallsWithoutCaching { get; set; } = 1_000;

    /// <summary>
    /// Whether the host's durable backend keeps live runs between episodes (extended sessions),
    /// read from the <c>durable</c> section when the options are built; null when unknown (a
    /// container without that section's backend), which counts as off.
    /// </summary>
    internal bool? LiveRunCaching { get; set; }
}
