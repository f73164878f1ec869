namespace ScriptHarness.ScriptRuntime.Reports;

/// <summary>The outcome of one tool call in a run report.</summary>
public enum ToolCallStatus
{
    /// <summary>The tool returned a result.</summary>
    Ok,

    /// <summary>The tool failed, or its arguments were invalid.</summary>
    Failed,

    /// <summary>The approval was denied.</summary>
    Denied,

    /// <summary>The approval expired before anyone decided.</summary>
    TimedOut,

    /// <summary>The call was cancelled (never awaited, cancelled by the script, or the run was terminated).</summary>
    Cancelled,

    /// <summary>The call was made but never started (the run ended while it was queued).</summary>
    NotReached,
}
