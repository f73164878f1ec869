namespace ScriptHarness.Orchestrations.Policy;

/// <summary>The built-in tools' script-facing names, as the default policy knows them.</summary>
public static class ToolNames
{
    /// <summary>Runs a command.</summary>
    public const string Exec = "exec";

    /// <summary>Applies a Codex-format patch.</summary>
    public const string ApplyPatch = "applyPatch";

    /// <summary>The tools that only read the workspace.</summary>
    public static readonly IReadOnlySet<string> Reads =
        new HashSet<string>(StringComparer.Ordinal) { "readFile", "listDir", "fileSearch", "grep" };
}
