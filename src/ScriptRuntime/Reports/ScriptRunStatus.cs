namespace ScriptHarness.ScriptRuntime.Reports;

/// <summary>How a script run ended.</summary>
public enum ScriptRunStatus
{
    /// <summary>The script returned (its top-level promise fulfilled).</summary>
    Completed,

    /// <summary>The script threw, hit a limit, or was refused; <see cref="ScriptRunReport.Error"/> says why.</summary>
    Failed,

    /// <summary>The run was cancelled or terminated before the script finished.</summary>
    Cancelled,

    /// <summary>The script never ran (an earlier block of the same message failed, or the feature is disabled).</summary>
    NotRun,
}
