using System.Globalization;
using Spectre.Console;

namespace ScriptHarness.Host.Cli.Approval;

/// <summary>
/// An <c>applyPatch</c> call as a coloured diff against the workspace: each file with what it is
/// now (new, its line count, missing), each hunk with the line where its context is found in the
/// file (or that it is not found, so the patch will fail), removed lines red, added lines green.
/// </summary>
internal static class PatchView
{
    private const long MaxFileBytes = 4 * 1024 * 1024;
    private static readonly Style Removed = new(Color.Red);
    private static readonly Style Added = new(Color.Green);
    private static readonly Style Context = new(Color.Grey);
    private static readonly Style Hunk = new(Color.Cyan);
    private static readonly Style Warning = new(Color.Red, decoration: Decoration.Bold);
    private static readonly Style File = new(decoration: Decoration.Bold);

    /// <summary>Writes <paramref name="patch"/>, compared with the files of <paramref name="workspace"/> when given.</summary>
    public static void Write(IAnsiConsole console, string patch, string? workspace)
    {
        string[] lines = patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string[]? file = null;
        List<string> hunk = [];
        string? hunkHeader = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            bool header = line.StartsWith("*** ", StringComparison.Ordinal) || line.StartsWith("@@", StringComparison.Ordinal);
            if (header && (hunkHeader is not null || hunk.Count > 0))
            {
                WriteHunk(console, hunkHeader, hunk, file);
                hunk.Clear();
                hunkHeader = null;
            }

            if (line.StartsWith("*** Add File: ", StringComparison.Ordinal))
            {
                string path = line["*** Add File: ".Length..];
                file = null;
                string[]? existing = Read(workspace, path, out string? problem);
                ApprovalView.WriteLine(console, ("    add ", File), (path, File), Status(existing is not null ? "exists: Add File over it is refused" : problem ?? "new file", existing is not null || problem is not null));
            }
            else if (line.StartsWith("*** Delete File: ", StringComparison.Ordinal))
            {
                string path = line["*** Delete File: ".Length..];
                file = null;
                string[]? existing = Read(workspace, path, out string? problem);
                ApprovalView.WriteLine(console, ("    delete ", File), (path, File), Status(existing is not null ? Lines(existing) : problem ?? "does not exist: the patch will fail", existing is null));
            }
            else if (line.StartsWith("*** Update File: ", StringComparison.Ordinal))
            {
                string path = line["*** Update File: ".Length..];
                file = Read(workspace, path, out string? problem);
                ApprovalView.WriteLine(console, ("    update ", File), (path, File), Status(file is not null ? Lines(file) : problem ?? "does not exist: the patch will fail", file is null && workspace is not null));
            }
            else if (line.StartsWith("*** Move to: ", StringComparison.Ordinal))
            {
                ApprovalView.WriteLine(console, ("      move to ", File), (line["*** Move to: ".Length..], File));
            }
            else if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                hunkHeader = line;
            }
            else if (line is "*** Begin Patch" or "*** End Patch" || (line.Length == 0 && i == lines.Length - 1))
            {
                // The envelope says nothing a reviewer needs.
            }
            else
            {
                hunk.Add(line);
            }
        }

        if (hunkHeader is not null || hunk.Count > 0)
        {
            WriteHunk(console, hunkHeader, hunk, file);
        }
    }

    private static void WriteHunk(IAnsiConsole console, string? header, List<string> hunk, string[]? file)
    {
        // An Add File's body is its + lines; they need no location.
        List<string> old = [.. hunk.Where(l => l.Length == 0 || l[0] is ' ' or '-').Select(l => l.Length == 0 ? string.Empty : l[1..])];
        string where = file is null || old.Count == 0 ? string.Empty
            : Find(file, old) is int at ? string.Create(CultureInfo.InvariantCulture, $" line {at + 1} of the file")
            : " context not found in the file: the patch will fail";
        if (header is not null || where.Length > 0)
        {
            ApprovalView.WriteLine(console, ("      ", Style.Plain), (header ?? "@@", Hunk), (where, where.Contains("not found", StringComparison.Ordinal) ? Warning : Hunk));
        }

        foreach (string line in hunk)
        {
            Style style = line.Length == 0 ? Context : line[0] switch { '+' => Added, '-' => Removed, _ => Context };
            ApprovalView.WriteLine(console, ("      ", Style.Plain), (line, style));
        }
    }

    // Where the hunk's old lines start in the file: exactly, then ignoring trailing and then all surrounding white space (as the tool matches).
    private static int? Find(string[] file, List<string> old)
    {
        foreach (Func<string, string> normalize in new Func<string, string>[] { s => s, s => s.TrimEnd(), s => s.Trim() })
        {
            for (int start = 0; start + old.Count <= file.Length; start++)
            {
                int k = 0;
                while (k < old.Count && normalize(file[start + k]) == normalize(old[k]))
                {
                    k++;
                }

                if (k == old.Count)
                {
                    return start;
                }
            }
        }

        return null;
    }

    private static (string, Style) Status(string text, bool warn) => ($"  ({text})", warn ? Warning : Context);

    private static string Lines(string[] file) => file.Length == 1 ? "1 line" : string.Create(CultureInfo.InvariantCulture, $"{file.Length} lines");

    // The workspace's file at the patch's path, for display only; a path leaving the workspace is not read.
    private static string[]? Read(string? workspace, string path, out string? problem)
    {
        problem = null;
        if (workspace is null)
        {
            return null;
        }

        string root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace));
        string full = Path.GetFullPath(Path.Combine(root, path));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = "outside the workspace: the patch will be refused";
            return null;
        }

        try
        {
            FileInfo info = new(full);
            if (!info.Exists || info.Length > MaxFileBytes)
            {
                return null;
            }

            string text = System.IO.File.ReadAllText(full);
            if (text.EndsWith('\n'))
            {
                text = text[..^1];
            }

            return text.Split('\n');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
