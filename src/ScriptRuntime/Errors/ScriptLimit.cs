namespace ScriptHarness.ScriptRuntime.Errors;

/// <summary>Which limit a <see cref="ScriptErrorCode.LimitExceeded"/> error hit.</summary>
public enum ScriptLimit
{
    /// <summary>Interpreter time of the script (waiting for tools does not count); also ends runaway regexes.</summary>
    ExecutionTime,

    /// <summary>Memory allocated by the script.</summary>
    Memory,

    /// <summary>Call stack depth.</summary>
    RecursionDepth,

    /// <summary>Statements executed (the deterministic backstop of the execution time).</summary>
    Statements,

    /// <summary>Size of the script source.</summary>
    ScriptSize,

    /// <summary>Tool calls per run.</summary>
    ToolCalls,

    /// <summary>Size of the run's return value.</summary>
    ReturnValueSize,

    /// <summary>Captured console output.</summary>
    ConsoleOutput,

    /// <summary>Size of one tool result.</summary>
    ToolResultSize,

    /// <summary>Nesting of objects and arrays in data the harness serializes (return value, tool arguments and results).</summary>
    NestingDepth,
}
