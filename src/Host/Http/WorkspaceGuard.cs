using ScriptHarness.Host.Configuration;

namespace ScriptHarness.Host.Http;

/// <summary>
/// Keeps HTTP callers to the workspaces the operator allowed: a turn's workspace must exist and lie
/// under <c>host:workspaceRoots</c> (or the default workspace), so a caller with the key cannot
/// point the tools at <c>/</c>.
/// </summary>
internal static class WorkspaceGuard
{
    public static bool TryResolve(string? requested, HarnessHostOptions options, out string workspace, out string problem)
    {
        string defaultWorkspace = Path.GetFullPath(options.DefaultWorkspace);
        workspace = requested is null ? defaultWorkspace : Path.GetFullPath(requested);
        problem = string.Empty;
        if (requested is not null && !Path.IsPathFullyQualified(requested))
        {
            problem = "workspace must be an absolute path.";
            return false;
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
