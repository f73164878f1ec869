using System.IO.Enumeration;
using ScriptHarness.Activities.Ignore;

namespace ScriptHarness.Activities.Workspaces;

/// <summary>
/// Walks a workspace directory tree depth-first in name order. Each directory is enumerated
/// through its open, verified descriptor (<c>/proc/self/fd/N</c>) and children are opened
/// relative to it without following links, so a directory swapped for a link mid-walk is not
/// entered. Links are reported as entries and never followed; <c>.git</c> is never entered.
/// </summary>
internal static class WorkspaceWalker
{
    /// <summary>Called once per directory with its (filtered, sorted) entries while the directory is open; false stops the walk.</summary>
    public delegate bool Visitor(DirectoryHandle directory, string directoryPath, IReadOnlyList<WalkEntry> entries);

    private static readonly EnumerationOptions Options = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Walks from <paramref name="startPath"/> down to <paramref name="maxDepth"/> levels.</summary>
    public static void Walk(Workspace workspace, string startPath, int maxDepth, bool respectGitIgnore, Visitor visitor, CancellationToken cancellationToken)
    {
        using DirectoryHandle start = workspace.OpenDirectory(startPath);
        var ignores = new IgnoreStack();
        if (respectGitIgnore && startPath.Length > 0)
        {
            LoadAncestorIgnores(workspace, startPath, ignores);
        }

        WalkDirectory(start, startPath, 1, maxDepth, respectGitIgnore ? ignores : null, visitor, cancellationToken);
    }

    private static bool WalkDirectory(DirectoryHandle directory, string path, int depth, int maxDepth, IgnoreStack? ignores, Visitor visitor, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        bool pushed = false;
        if (ignores is not null && ReadIgnoreFile(directory) is { IsEmpty: false } rules)
        {
            ignores.Push(path, rules);
            pushed = true;
        }

        try
        {
            List<WalkEntry> entries = List(directory, path, depth);
            if (ignores is not null)
            {
                entries.RemoveAll(e => ignores.IsIgnored(e.Path, e.Type == EntryType.Directory));
            }

            if (!visitor(directory, path, entries))
            {
                return false;
            }

            if (depth >= maxDepth)
            {
                return true;
            }

            foreach (WalkEntry entry in entries)
            {
                if (entry.Type != EntryType.Directory || entry.Name == ".git")
                {
                    continue;
                }

                using DirectoryHandle? child = directory.TryOpenChild(entry.Name);
                if (child is not null && !WalkDirectory(child, entry.Path, depth + 1, maxDepth, ignores, visitor, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            if (pushed)
            {
                ignores!.Pop();
            }
        }
    }

    /// <summary>The sorted entries of one open directory.</summary>
    public static List<WalkEntry> List(DirectoryHandle directory, string path, int depth)
    {
        string prefix = path.Length == 0 ? string.Empty : path + "/";
        var enumerable = new FileSystemEnumerable<WalkEntry>(
            directory.ProcPath,
            (ref FileSystemEntry e) =>
            {
                string name = e.FileName.ToString();
                EntryType type = (e.Attributes & FileAttributes.ReparsePoint) != 0 ? EntryType.Symlink
                    : e.IsDirectory ? EntryType.Directory
                    : EntryType.File;
                return new WalkEntry(prefix + name, name, type, type == EntryType.File ? e.Length : 0, depth);
            },
            Options);
        var entries = new List<WalkEntry>(enumerable);
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static void LoadAncestorIgnores(Workspace workspace, string startPath, IgnoreStack ignores)
    {
        string walked = string.Empty;
        string[] parts = startPath.Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            using DirectoryHandle directory = workspace.OpenDirectory(walked);
            if (ReadIgnoreFile(directory) is { IsEmpty: false } rules)
            {
                ignores.Push(walked, rules);
            }

            walked = walked.Length == 0 ? parts[i] : walked + "/" + parts[i];
        }
    }

    private static IgnoreRules? ReadIgnoreFile(DirectoryHandle directory)
    {
        using Microsoft.Win32.SafeHandles.SafeFileHandle? file = directory.TryOpenFile(".gitignore");
        if (file is null)
        {
            return null;
        }

        byte[] bytes = FileContent.ReadAll(file, 1 << 20);
        return IgnoreRules.Parse(System.Text.Encoding.UTF8.GetString(bytes));
    }
}
