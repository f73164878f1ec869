namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>Picks the sandbox host.json asks for.</summary>
internal static class ExecSandboxes
{
    /// <summary>The sandbox of <paramref name="options"/> (validated: <c>none</c> only with the acknowledgement).</summary>
    public static IExecSandbox Create(ExecOptions options) =>
        options.Unsandboxed && options.AcknowledgeUnsandboxedExec
            ? new UnsandboxedLauncher(options)
            : new BubblewrapSandbox(options);
}
