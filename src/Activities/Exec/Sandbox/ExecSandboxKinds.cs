namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>The values of host.json <c>activities:exec:sandbox</c>.</summary>
public static class ExecSandboxKinds
{
    /// <summary>Every command runs in a bubblewrap sandbox (the default).</summary>
    public const string Bubblewrap = "bubblewrap";

    /// <summary>Commands run as the worker's user without an OS sandbox; needs the acknowledgement key.</summary>
    public const string None = "none";
}
