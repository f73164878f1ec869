using ScriptHarness.Host.Configuration;

namespace ScriptHarness.Host.Http;

/// <summary>
/// Keeps HTTP callers to the workspaces the operator allowed: a turn's workspace must exist and lie
/// under <c>host:workspaceRoots</c> (or the default workspace), so a caller with the key cannot
/// point the tools at <c>/</c>.
/// </summary>
internal static class WorkspaceGuard
{
    /// <summary>The longest workspace path accepted.</summary>
    public const int MaxPathLength = 4096;

    public static bool TryResolve(string? requested, HarnessHostOptions options, out string workspace, out string problem)
    {
        string defaultWorkspace = Path.GetFullPath(options.DefaultWorkspace);
        workspace = defaultWorkspace;
        problem = string.Empty;
        if (requested is not null)
        {
            // Checked before the path is resolved: a NUL makes Path.GetFullPath throw, and a control
            // character is never part of a directory someone meant to name.
            if (requested.Length == 0 || requested.Length > MaxPathLength)
            {
                problem = $"workspace must be an absolute path of 1 to {MaxPathLength} characters.";
                return false;
            }

            if (requested.Any(char.IsControl))
            {
                problem = "workspace must not hold NUL or other control characters.";
                return false;
            }

            if (!Path.IsPathFullyQualified(requested))
            {
                problem = "workspace must be an absolute path.";
                return false;
            }

            workspace = Path.GetFullPath(requested);
        }

        IEnumerable<string> roots = options.WorkspaceRoots.Count > 0 ? options.WorkspaceRoots.Select(Path.GetFullPath) : [defaultWorkspace];
        string candidate = workspace;
        if (!roots.Any(root => IsUnder(candidate, root)))
        {
            problem = "workspace is outside host:workspaceRoots.";
            return false;
        }

        if (!Directory.Exists(workspace))
        {
            problem = "workspace does not exist.";
            return false;
        }

        return true;
    }

    private static bool IsUnder(string path, string root)
    {
        string trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        string trimmedPath = Path.TrimEndingDirectorySeparator(path);
        return string.Equals(trimmedPath, trimmedRoot, StringComparison.Ordinal)
            || trimmedPath.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
