using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>
/// What the host must do after one step of a run: start the newly dispatched calls, ask the
/// cancelled ones to stop (they must still be settled), and, once finished, take the report.
/// </summary>
public sealed class ScriptStep
{
    internal ScriptStep(ScriptRun run, IReadOnlyList<ToolCallRequest> dispatched, IReadOnlyList<int> cancel, ScriptRunReport? report)
    {
        this.Run = run;
        this.Dispatched = dispatched;
        this.Cancel = cancel;
        this.Report = report;
    }

    /// <summary>The run this step belongs to; call <see cref="ScriptRun.Settle"/> on it.</summary>
    public ScriptRun Run { get; }

    /// <summary>Calls to start now, in call-sequence order.</summary>
    public IReadOnlyList<ToolCallRequest> Dispatched { get; }

    /// <summary>
    /// Sequence numbers of dispatched calls the host should cancel (never awaited when the script
    /// finished, cancelled with <c>tools.spawn.cancel</c>, or the run failed or was cancelled).
    /// Each must still be settled (any outcome; it is reported as cancelled).
    /// </summary>
    public IReadOnlyList<int> Cancel { get; }

    /// <summary>Whether the run is over: the script settled and every dispatched call settled.</summary>
    public bool IsFinished => this.Report is not null;

    /// <summary>The run's report, once finished.</summary>
    public ScriptRunReport? Report { get; }

    /// <summary>Whether the script itself has settled (only calls remain to be settled).</summary>
    public bool ScriptSettled => this.Run.ScriptSettled;
}
