using System.Diagnostics;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>
/// <c>sandbox: bubblewrap</c>: every command runs in a bubblewrap sandbox built by
/// <see cref="BubblewrapPolicy"/>. bwrap itself is started with an empty environment: its init
/// process (pid 1 inside) keeps the environment bwrap was started with in its
/// <c>/proc/1/environ</c>, which the command can read, so the worker's variables must never
/// reach bwrap at all, not only be cleared by <c>--clearenv</c>.
/// </summary>
internal sealed class BubblewrapSandbox : IExecSandbox
{
    // Variables whose worker values are harmless and make programs behave as on the host.
    private static readonly string[] CopiedFromWorker = ["LANG", "LC_ALL", "LC_CTYPE", "TERM", "TZ"];

    private readonly ExecOptions options;
    private readonly BubblewrapPolicy policy;

    /// <summary>Creates the sandbox from the exec settings.</summary>
    public BubblewrapSandbox(ExecOptions options)
    {
        this.options = options;
        this.policy = new BubblewrapPolicy(options.ReadOnlyPaths);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> BaseEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = BubblewrapPolicy.DefaultPath,
            ["HOME"] = "/tmp",
            ["TMPDIR"] = "/tmp",
            ["LANG"] = "C.UTF-8",
        };
        foreach (string name in CopiedFromWorker)
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    /// <inheritdoc />
    public bool Exposes(string hostPath, string workspaceRoot) => this.policy.Exposes(hostPath, workspaceRoot);

    /// <inheritdoc />
    public async Task<SandboxedStart> PrepareAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await BubblewrapProbe.CheckAsync(this.options.BubblewrapPath, this.policy, this.options.Shell).WaitAsync(cancellationToken).ConfigureAwait(false) is { } problem)
        {
            throw Unavailable(problem);
        }

        ProcessStartInfo startInfo = StartInfo(
            this.options.BubblewrapPath,
            this.policy.Arguments(request.WorkspaceRoot, request.WorkingDirectory, request.Environment, request.AllowNetwork, request.Program, request.Arguments));

        // Killing bwrap kills the sandbox: its pid 1 dies with it (--die-with-parent) and the
        // kernel then kills everything left in the pid namespace.
        return new SandboxedStart(startInfo, OwnGroup: false);
    }

    /// <summary>
    /// How bwrap is started, for a command and for the probe alike: with an empty environment
    /// (see the class remarks) and <paramref name="arguments"/> from the policy.
    /// </summary>
    internal static ProcessStartInfo StartInfo(string bwrapPath, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(bwrapPath) { UseShellExecute = false, WorkingDirectory = "/" };
        startInfo.Environment.Clear();
        foreach (string arg in arguments)
        {
            startInfo.ArgumentList.Add(arg);
        }

        return startInfo;
    }

    private static ToolException Unavailable(string problem) =>
        ToolException.Refused(
            ToolErrorDetails.SandboxUnavailable,
            $"exec: the command was not run because its OS sandbox is unavailable on this worker: {problem}. "
            + "Fix: install bubblewrap (apt-get install bubblewrap) and make sure it can create namespaces, "
            + "or run commands unsandboxed on purpose with activities.exec.sandbox \"none\" and activities.exec.acknowledgeUnsandboxedExec true.");
}
