namespace ScriptHarness.Host.Cli;

/// <summary>
/// The process exit codes, per the outcome table of the script orchestrations (src/Orchestrations
/// README). <c>run</c> and <c>attach</c> map a turn by its first block that did not complete.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every block completed (report <c>completed</c>; orchestration Completed).</summary>
    public const int Completed = 0;

    /// <summary>A script threw, hit a limit, a call failed uncaught, or a block was refused before running (parse, syntax, TypeScript).</summary>
    public const int ScriptFailed = 1;

    /// <summary>The run was cancelled gracefully (report <c>cancelled</c>; orchestration Completed).</summary>
    public const int Cancelled = 2;

    /// <summary>Nothing ran: the output holds no script, or scripts are disabled (report <c>not-run</c>).</summary>
    public const int NotRun = 3;

    /// <summary>A harness fault failed the orchestration (internal error, non-determinism, version mismatch).</summary>
    public const int HarnessFault = 4;

    /// <summary>The framework's hard terminate ended the run (orchestration Terminated, no report).</summary>
    public const int ForcedTerminate = 5;

    /// <summary>A request was refused (unknown run or call, conflicting decision, finished run, missing file or workspace).</summary>
    public const int RequestRefused = 6;

    /// <summary>The command line is wrong: an unknown verb or option, a missing argument, a value not among the allowed ones (the message names them).</summary>
    public const int Usage = 64;

    /// <summary>host.json, the environment or an option is invalid (the message names the key).</summary>
    public const int Configuration = 78;

    /// <summary>Interrupted (Ctrl-C, SIGINT) while watching; the run itself is durable and continues with <c>attach</c>.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by SIGTERM while watching; the run itself is durable and continues with <c>attach</c>.</summary>
    public const int Terminated = 143;
}
