using System.Diagnostics;

namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>
/// <c>sandbox: none</c>: the command runs as the worker's user with the worker's view of the
/// file system and network. Only the environment is scrubbed (to
/// <see cref="ExecOptions.EnvironmentAllowList"/>) and the process tree is killed as a whole
/// (util-linux <c>setsid</c> makes it a process group leader).
/// </summary>
internal sealed class UnsandboxedLauncher(ExecOptions options) : IExecSandbox
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> BaseEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in options.EnvironmentAllowList)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    /// <inheritdoc />
    public bool Exposes(string hostPath, string workspaceRoot) => true;

    /// <inheritdoc />
    public Task<SandboxedStart> PrepareAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var startInfo = new ProcessStartInfo { WorkingDirectory = request.WorkingDirectory, UseShellExecute = false };
        startInfo.Environment.Clear();
        foreach ((string name, string value) in request.Environment)
        {
            startInfo.Environment[name] = value;
        }

        bool ownGroup = options.SessionLauncher.Length > 0 && File.Exists(options.SessionLauncher);
        if (ownGroup)
        {
            startInfo.FileName = options.SessionLauncher;
            startInfo.ArgumentList.Add(request.Program);
        }
        else
        {
            startInfo.FileName = request.Program;
        }

        foreach (string argument in request.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Task.FromResult(new SandboxedStart(startInfo, ownGroup));
    }
}
