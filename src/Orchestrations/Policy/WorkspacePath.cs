namespace ScriptHarness.Orchestrations.Policy;

/// <summary>
/// Pure path arithmetic for the policy: whether a path, as written by the script, stays inside
/// the workspace. It never touches the file system (the policy runs inside the orchestrator,
/// which must be deterministic), so symlinks are the activities' confinement's business.
/// </summary>
internal static class WorkspacePath
{
    /// <summary>
    /// Resolves <paramref name="path"/> against <paramref name="baseDirectory"/> (itself inside
    /// <paramref name="workspace"/>) and answers whether it stays inside the workspace.
    /// <c>~</c> paths are outside: the home directory is never the workspace.
    /// </summary>
    public static bool IsInside(string workspace, string path, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith('~') || path.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        string root = Normalize(workspace);
        string start = baseDirectory is null ? root : Normalize(Path.Combine(root, baseDirectory));
        if (!IsUnder(root, start))
        {
            return false;
        }

        string full = Normalize(Path.Combine(start, path));
        return IsUnder(root, full);
    }

    /// <summary>The workspace-relative form of an inside path (forward slashes), or null when outside.</summary>
    public static string? Relative(string workspace, string path)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!IsInside(workspace, path))
        {
            return null;
        }

        string root = Normalize(workspace);
        string full = Normalize(Path.Combine(root, path));
        return full.Length == root.Length ? string.Empty : full[(root.Length + 1)..];
    }

    private static bool IsUnder(string root, string full) =>
        full.Length == root.Length
            ? string.Equals(full, root, StringComparison.Ordinal)
            : full.StartsWith(root, StringComparison.Ordinal) && (root == "/" || full[root.Length] == '/');

    private static string Normalize(string path)
    {
        string full = Path.GetFullPath(path.Replace('\\', '/'), "/").Replace('\\', '/');
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }
}
