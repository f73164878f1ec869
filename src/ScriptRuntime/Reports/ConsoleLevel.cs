namespace ScriptHarness.ScriptRuntime.Reports;

/// <summary>The console method a log entry came from.</summary>
public enum ConsoleLevel
{
    /// <summary><c>console.log</c> and <c>console.debug</c>.</summary>
    Log,

    /// <summary><c>console.info</c>.</summary>
    Info,

    /// <summary><c>console.warn</c>.</summary>
    Warn,

    /// <summary><c>console.error</c>.</summary>
    Error,
}
