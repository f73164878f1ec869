namespace ScriptHarness.Tests.Durable.TestWorker;

/// <summary>
/// The <c>worker</c> configuration section (command line <c>--worker:key=value</c> or environment
/// <c>worker__key</c>). Backend settings are the product's own <c>durable</c> section.
/// </summary>
public sealed class TestWorkerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "worker";

    /// <summary>Folder where this process appends its effect lines, to <c>{pid}.log</c> (required).</summary>
    public string EffectsFolder { get; set; } = "";

    /// <summary>Fault rules to arm, comma-separated (e.g. <c>kill:after-activity-completion#2</c>).</summary>
    public string? Faults { get; set; }

    /// <summary>An idempotency key whose activity, in this process, records its start and then never returns.</summary>
    public string? HoldKey { get; set; }

    /// <summary>Record <c>checkpoint INSTANCE PID</c> before each orchestration checkpoint (which process may have sent an episode's messages).</summary>
    public bool RecordCheckpoints { get; set; }

    /// <summary>Whether to flush effect lines to disk (fsync) before an activity returns.</summary>
    public bool Fsync { get; set; } = true;

    /// <summary>Also host script runs (the harness's orchestrators and a <c>note</c> tool), for the upgrade tests.</summary>
    public bool ScriptRuns { get; set; }

    /// <summary>
    /// With <see cref="ScriptRuns"/>: the newest replay contract this worker ships. 0 is the
    /// build's own; one more registers a test variant of the next contract beside it.
    /// </summary>
    public int Contract { get; set; }
}
