using ScriptHarness.Activities.Ignore;

namespace ScriptHarness.Activities.Workspaces;

/// <summary>
/// Walks a workspace directory tree depth-first in name order. Each directory is read through
/// its open, verified descriptor (<see cref="DirectoryReader"/>) and children are opened
/// relative to it without following links, so a directory swapped for a link mid-walk is not
/// entered. Links are reported as entries and never followed; <c>.git</c> is never entered.
/// </summary>
internal static class WorkspaceWalker
{
    /// <summary>The deepest a full walk goes (each level holds a directory descriptor open).</summary>
    public const int MaxDepth = 256;

    /// <summary>Called once per directory with its (filtered, sorted) entries while the directory is open; false stops the walk.</summary>
    public delegate bool Visitor(DirectoryHandle directory, string directoryPath, IReadOnlyList<WalkEntry> entries);

    /// <summary>Walks from <paramref name="startPath"/> down to <paramref name="maxDepth"/> levels.</summary>
    public static void Walk(Workspace workspace, string startPath, int maxDepth, bool respectGitIgnore, Visitor visitor, CancellationToken cancellationToken, bool withSizes = false)
    {
        using DirectoryHandle start = workspace.OpenDirectory(startPath);
        var ignores = new IgnoreStack();
        if (respectGitIgnore && startPath.Length > 0)
        {
            LoadAncestorIgnores(workspace, startPath, ignores);
        }

        WalkDirectory(start, startPath, 1, maxDepth, respectGitIgnore ? ignores : null, visitor, withSizes, cancellationToken);
    }

    private static bool WalkDirectory(DirectoryHandle directory, string path, int depth, int maxDepth, IgnoreStack? ignores, Visitor visitor, bool withSizes, CancellationToken cancellationToken)
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
            List<WalkEntry> entries = List(directory, path, depth, withSizes);
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
                if (child is not null && !WalkDirectory(child, entry.Path, depth + 1, maxDepth, ignores, visitor, withSizes, cancellationToken))
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

    /// <summary>The sorted entries of one open directory; file sizes only when asked (they cost a call each).</summary>
    public static List<WalkEntry> List(DirectoryHandle directory, string path, int depth, bool withSizes = false)
    {
        string prefix = path.Length == 0 ? string.Empty : path + "/";
        List<(string Name, EntryType Type)> raw = DirectoryReader.Read(directory);
        raw.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var entries = new List<WalkEntry>(raw.Count);
        foreach ((string name, EntryType type) in raw)
        {
            long size = withSizes && type == EntryType.File ? SizeOf(directory, name) : 0;
            entries.Add(new WalkEntry(prefix + name, name, type, size, depth));
        }

        return entries;
    }

    private static long SizeOf(DirectoryHandle directory, string name)
    {
        using Microsoft.Win32.SafeHandles.SafeFileHandle? file = directory.TryOpenFile(name);
        return file is not null && FileContent.IsRegular(file) ? RandomAccess.GetLength(file) : 0;
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
