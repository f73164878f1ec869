using System.Diagnostics;

namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>
/// Where exec's commands run: turns a checked <see cref="ExecRequest"/> into the process to
/// start. <see cref="BubblewrapSandbox"/> confines it; <see cref="UnsandboxedLauncher"/> does not
/// (host.json <c>activities:exec:sandbox</c>).
/// </summary>
internal interface IExecSandbox
{
    /// <summary>The environment every command starts from, before git's settings and the call's <c>env</c>.</summary>
    IReadOnlyDictionary<string, string> BaseEnvironment();

    /// <summary>Whether the command would find <paramref name="hostPath"/> at the same path (a program outside every mount is not).</summary>
    bool Exposes(string hostPath, string workspaceRoot);

    /// <summary>
    /// The process that runs <paramref name="request"/>. Fails with <c>sandbox-unavailable</c>
    /// when the sandbox cannot start on this machine; never falls back to running unconfined.
    /// </summary>
    Task<SandboxedStart> PrepareAsync(ExecRequest request, CancellationToken cancellationToken);
}

/// <summary>A prepared process.</summary>
/// <param name="StartInfo">What to start (stdio redirected by the caller).</param>
/// <param name="OwnGroup">Whether the process leads its own process group, so the group can be killed as a whole.</param>
internal sealed record SandboxedStart(ProcessStartInfo StartInfo, bool OwnGroup);
