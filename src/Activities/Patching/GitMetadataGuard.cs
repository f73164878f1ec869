using ScriptHarness.Activities.Tools;
using ScriptHarness.Activities.Workspaces;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// Keeps applyPatch from writing into git metadata by a path that does not say so. The approval
/// policy judges the paths as written (a <c>.git</c> component asks, because git config and
/// hooks run programs) and cannot see the file system; a symbolic link inside the workspace
/// (<c>link -&gt; sub/.git</c>) would carry an allowed write of <c>link/config</c> there. So a
/// write whose parent directory really lies in a <c>.git</c> directory is refused unless the
/// written path itself names one (then the policy has asked).
/// </summary>
internal static class GitMetadataGuard
{
    /// <summary>
    /// Refuses writing <paramref name="path"/> (workspace-relative) when its nearest existing
    /// parent directory really lies in git metadata; checked before anything is written.
    /// </summary>
    /// <exception cref="ToolException"><c>git-metadata-through-link</c>.</exception>
    public static void Check(Workspace workspace, string path)
    {
        for (int slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            DirectoryHandle? ancestor = TryOpen(workspace, path[..slash]);
            if (ancestor is not null)
            {
                using (ancestor)
                {
                    Check(workspace, path, ancestor);
                }

                return;
            }
        }
    }

    /// <summary>Refuses writing <paramref name="path"/> (workspace-relative) in <paramref name="parent"/>, when it goes through a link into git metadata.</summary>
    /// <exception cref="ToolException"><c>git-metadata-through-link</c>.</exception>
    public static void Check(Workspace workspace, string path, DirectoryHandle parent)
    {
        if (GitMetadata.HasGitDirectory(path))
        {
            return;
        }

        string root = workspace.Root;
        string real = parent.RealPath;
        string relative = real.Length > root.Length ? real[(root.Length + 1)..] : string.Empty;
        if (GitMetadata.HasGitDirectory(relative))
        {
            throw ToolException.Refused(
                ToolErrorDetails.GitMetadataThroughLink,
                $"applyPatch: '{path}' leads through a symbolic link into git metadata ('{relative}'). Name the real path so the approval policy can judge it.");
        }
    }

    private static DirectoryHandle? TryOpen(Workspace workspace, string directory)
    {
        try
        {
            return workspace.OpenDirectory(directory);
        }
        catch (ToolException e) when (e.Detail is ToolErrorDetails.FileNotFound or ToolErrorDetails.NotADirectory)
        {
            return null;
        }
    }
}
