using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The output of a script run orchestration: the run report that goes back to the model, and
/// the approval audit of every call the policy judged.
/// </summary>
/// <param name="Report">The run report (its status says how the script ended).</param>
public sealed record ScriptRunOutput(ScriptRunReport Report)
{
    /// <summary>One entry per call the policy judged, by call id.</summary>
    public IReadOnlyList<CallApproval> Approvals { get; init; } = [];

    /// <summary>Whether this was a dry run (no tool ran; the approvals say what the policy would have decided).</summary>
    public bool DryRun { get; init; }

    /// <summary>Who asked for a graceful termination, when one ended the run.</summary>
    public string? TerminatedBy { get; init; }
}
