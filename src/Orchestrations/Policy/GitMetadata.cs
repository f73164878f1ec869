namespace ScriptHarness.Orchestrations.Policy;

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
        string[] parts = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (string part in parts)
        {
            if (string.Equals(part, ".git", StringComparison.OrdinalIgnoreCase))
            {
                return ".git";
            }
        }

        string file = parts.Length > 0 ? parts[^1] : string.Empty;
        return file.Equals(".gitattributes", StringComparison.OrdinalIgnoreCase) ? ".gitattributes"
            : file.Equals(".gitmodules", StringComparison.OrdinalIgnoreCase) ? ".gitmodules"
            : null;
    }
}
