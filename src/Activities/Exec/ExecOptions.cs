using ScriptHarness.Activities.Exec.Sandbox;

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
    /// Without a sandbox only: the helper that starts the command as the leader of a new session
    /// and process group, so a timeout or cancellation kills the whole tree (util-linux
    /// <c>setsid</c>). Empty: start the command directly and kill the tree by walking child
    /// processes. (The sandbox kills its own pid namespace instead.)
    /// </summary>
    public string SessionLauncher { get; set; } = "/usr/bin/setsid";

    /// <summary>
    /// The OS sandbox every command runs in: <see cref="ExecSandboxKinds.Bubblewrap"/> (default)
    /// or <see cref="ExecSandboxKinds.None"/>, which is accepted only with
    /// <see cref="AcknowledgeUnsandboxedExec"/> set.
    /// </summary>
    public string Sandbox { get; set; } = ExecSandboxKinds.Bubblewrap;

    /// <summary>
    /// Must be true for <see cref="Sandbox"/> <c>none</c>: the operator states that commands may
    /// read and write whatever the worker's user can. Without it, start-up fails.
    /// </summary>
    public bool AcknowledgeUnsandboxedExec { get; set; }

    /// <summary>The bubblewrap executable (Debian package <c>bubblewrap</c>).</summary>
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>
    /// Extra host directories mounted read-only, at the same path, inside the sandbox (e.g. a
    /// toolchain under <c>/opt</c>). Empty by default: only the system directories are visible.
    /// </summary>
    public IList<string> ReadOnlyPaths { get; } = [];

    /// <summary>
    /// Without a sandbox only: variables copied from the worker's environment; everything else
    /// is scrubbed. The call's <c>env</c> adds to them. The sandbox ignores this list and builds
    /// a fresh environment.
    /// </summary>
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

        foreach (string problem in this.ValidateSandbox())
        {
            yield return problem;
        }
    }

    /// <summary>Whether the options select running commands without a sandbox.</summary>
    internal bool Unsandboxed => string.Equals(this.Sandbox, ExecSandboxKinds.None, StringComparison.OrdinalIgnoreCase);

    private IEnumerable<string> ValidateSandbox()
    {
        if (this.Unsandboxed)
        {
            if (!this.AcknowledgeUnsandboxedExec)
            {
                yield return "activities.exec.sandbox is 'none', which lets every command read and write whatever the worker's user can; set activities.exec.acknowledgeUnsandboxedExec to true to accept that, or use sandbox 'bubblewrap'.";
            }

            yield break;
        }

        if (!string.Equals(this.Sandbox, ExecSandboxKinds.Bubblewrap, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"activities.exec.sandbox must be '{ExecSandboxKinds.Bubblewrap}' or '{ExecSandboxKinds.None}'.";
        }

        if (string.IsNullOrWhiteSpace(this.BubblewrapPath) || !Path.IsPathRooted(this.BubblewrapPath))
        {
            yield return "activities.exec.bubblewrapPath must be an absolute path to bwrap.";
        }

        foreach (string path in this.ReadOnlyPaths)
        {
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathRooted(path) || Path.GetFullPath(path) == "/")
            {
                yield return $"activities.exec.readOnlyPaths: '{path}' must be an absolute path other than '/'.";
            }
        }
    }
}
