namespace ScriptHarness.Host.Cli;

/// <summary>
/// The process exit codes. <c>run</c> and <c>attach</c> map the worst block of the turn: a
/// completed turn is 0; otherwise the first block that did not complete decides.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every block completed (report status <c>completed</c>; orchestration Completed).</summary>
    public const int Completed = 0;

    /// <summary>A script threw, hit a limit or a call failed uncaught (report status <c>failed</c>; orchestration Completed).</summary>
    public const int ScriptFailed = 1;

    /// <summary>Refused before any run started: parse, syntax or TypeScript error, no script, or scripts disabled.</summary>
    public const int Refused = 2;

    /// <summary>The run was cancelled: graceful terminate (report <c>cancelled</c>) or forced terminate (orchestration Terminated).</summary>
    public const int Cancelled = 3;

    /// <summary>A harness fault failed the orchestration (internal error, non-determinism, version mismatch).</summary>
    public const int HarnessFault = 4;

    /// <summary>The request was refused by the run client (unknown run or call, conflicting decision, finished run).</summary>
    public const int RequestRefused = 5;

    /// <summary>host.json, the environment or an option is invalid (the message names the key).</summary>
    public const int Configuration = 78;

    /// <summary>Interrupted (Ctrl-C) while watching; the run itself is durable and continues with <c>attach</c>.</summary>
    public const int Interrupted = 130;
}
