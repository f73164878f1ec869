namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>One command to start, already checked: what to run, where, and with what environment.</summary>
/// <param name="Program">Absolute path of the program, as the command sees it.</param>
/// <param name="Arguments">The arguments after the program.</param>
/// <param name="WorkingDirectory">Real path of the working directory, inside the workspace.</param>
/// <param name="WorkspaceRoot">Real path of the workspace root: the only writable place.</param>
/// <param name="Environment">The complete environment of the command (nothing is inherited).</param>
/// <param name="AllowNetwork">Whether the policy granted the call the network.</param>
internal sealed record ExecRequest(
    string Program,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    string WorkspaceRoot,
    IReadOnlyDictionary<string, string> Environment,
    bool AllowNetwork);
