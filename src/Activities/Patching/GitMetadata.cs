namespace ScriptHarness.Activities.Patching;

/// <summary>
/// The paths git reads configuration, hooks or attributes from: any component named <c>.git</c>
/// at any depth (a nested repository's config runs programs for git commands run there), and
/// files named <c>.gitattributes</c> or <c>.gitmodules</c>. Compared ignoring case, so a
/// case-insensitive file system cannot hide one.
/// </summary>
public static class GitMetadata
{
    /// <summary>The git metadata name in <paramref name="relativePath"/> (forward slashes), or null when it has none.</summary>
    public static string? Names(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        string[] parts = Components(relativePath);
        if (parts.Any(IsGitDirectory))
        {
            return ".git";
        }

        string file = parts.Length > 0 ? parts[^1] : string.Empty;
        return file.Equals(".gitattributes", StringComparison.OrdinalIgnoreCase) ? ".gitattributes"
            : file.Equals(".gitmodules", StringComparison.OrdinalIgnoreCase) ? ".gitmodules"
            : null;
    }

    /// <summary>Whether a component of <paramref name="relativePath"/> (forward slashes) is named <c>.git</c>.</summary>
    public static bool HasGitDirectory(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return Components(relativePath).Any(IsGitDirectory);
    }

    private static string[] Components(string relativePath) => relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static bool IsGitDirectory(string component) => string.Equals(component, ".git", StringComparison.OrdinalIgnoreCase);
}
