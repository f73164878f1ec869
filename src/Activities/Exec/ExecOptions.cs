namespace ScriptHarness.Activities.Exec;

/// <summary>Settings of the <c>exec</c> tool (host.json <c>activities.exec</c>).</summary>
public sealed class ExecOptions
{
    /// <summary>Timeout when the call gives none, in milliseconds (default 60 s).</summary>
    public int DefaultTimeoutMs { get; set; } = 60_000;

    /// <summary>Largest timeout a call may ask for, in milliseconds (default 10 min).</summary>
    public int MaxTimeoutMs { get; set; } = 600_000;

    /// <summary>Bytes kept per stream (head and tail halves, with a marker between); default 256 KiB.</summary>
    public int MaxOutputBytes { get; set; } = 256 * 1024;

    /// <summary>The shell that runs a string command as <c>shell -c command</c>.</summary>
    public string Shell { get; set; } = "/bin/sh";

    /// <summary>
    /// The helper that starts the command as the leader of a new session and process group, so
    /// a timeout or cancellation kills the whole tree (util-linux <c>setsid</c>). Empty: start the
    /// command directly and kill the tree by walking child processes.
    /// </summary>
    public string SessionLauncher { get; set; } = "/usr/bin/setsid";

    /// <summary>Variables copied from the worker's environment; everything else is scrubbed. The call's <c>env</c> adds to them.</summary>
    public IList<string> EnvironmentAllowList { get; } =
        ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TZ", "TMPDIR", "DOTNET_ROOT"];

    /// <summary>Checks the values; returns the problems found.</summary>
    public IEnumerable<string> Validate()
    {
        if (this.DefaultTimeoutMs <= 0 || this.DefaultTimeoutMs > this.MaxTimeoutMs)
        {
            yield return "activities.exec.defaultTimeoutMs must be positive and at most maxTimeoutMs.";
        }

        if (this.MaxOutputBytes < 1024)
        {
            yield return "activities.exec.maxOutputBytes must be at least 1024.";
        }

        if (string.IsNullOrWhiteSpace(this.Shell))
        {
            yield return "activities.exec.shell must name a shell.";
        }
    }
}
