using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// Parses the Codex patch format:
/// <code>
/// *** Begin Patch
/// *** Add File: path        followed by +lines
/// *** Delete File: path
/// *** Update File: path
/// *** Move to: new/path     optional
/// @@ optional anchor line   then ' ' context, '-' removed, '+' added lines
/// *** End of File           optional: the hunk ends at the end of the file
/// *** End Patch
/// </code>
/// Markers may be padded with whitespace; an empty line inside a hunk is an empty context line;
/// blank lines before a marker are ignored.
/// </summary>
internal static class PatchParser
{
    private const string BeginPatch = "*** Begin Patch";
    private const string EndPatch = "*** End Patch";
    private const string AddFile = "*** Add File:";
    private const string DeleteFile = "*** Delete File:";
    private const string UpdateFile = "*** Update File:";
    private const string MoveTo = "*** Move to:";
    private const string EndOfFile = "*** End of File";

    public static IReadOnlyList<PatchOperation> Parse(string patch)
    {
        string[] lines = patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int first = 0;
        while (first < lines.Length && lines[first].Trim().Length == 0)
        {
            first++;
        }

        int last = lines.Length - 1;
        while (last >= first && lines[last].Trim().Length == 0)
        {
            last--;
        }

        if (first > last)
        {
            throw ToolException.Invalid(ToolErrorDetails.PatchEmpty, "applyPatch: the patch is empty.");
        }

        if (lines[first].Trim() != BeginPatch)
        {
            throw Invalid(first, $"the patch must start with '{BeginPatch}'");
        }

        if (lines[last].Trim() != EndPatch)
        {
            throw Invalid(last, $"the patch must end with '{EndPatch}'");
        }

        var operations = new List<PatchOperation>();
        int i = first + 1;
        while (i < last)
        {
            string marker = lines[i].Trim();
            if (marker.Length == 0)
            {
                i++;
            }
            else if (marker.StartsWith(AddFile, StringComparison.Ordinal))
            {
                operations.Add(ParseAdd(lines, ref i, last, PathOf(marker, AddFile, i)));
            }
            else if (marker.StartsWith(DeleteFile, StringComparison.Ordinal))
            {
                operations.Add(new DeleteFileOperation(PathOf(marker, DeleteFile, i), i + 1));
                i++;
            }
            else if (marker.StartsWith(UpdateFile, StringComparison.Ordinal))
            {
                operations.Add(ParseUpdate(lines, ref i, last, PathOf(marker, UpdateFile, i)));
            }
            else
            {
                throw Invalid(i, $"expected '*** Add File:', '*** Delete File:' or '*** Update File:', got '{Shorten(lines[i])}'");
            }
        }

        return operations.Count == 0
            ? throw ToolException.Invalid(ToolErrorDetails.PatchEmpty, "applyPatch: the patch has no file operation.")
            : operations;
    }

    private static AddFileOperation ParseAdd(string[] lines, ref int i, int last, string path)
    {
        int header = i++;
        var content = new List<string>();
        int end = SectionEnd(lines, i, last);
        for (; i < end; i++)
        {
            content.Add(lines[i].StartsWith('+')
                ? lines[i][1..]
                : throw Invalid(i, $"every line of an added file starts with '+', got '{Shorten(lines[i])}'"));
        }

        i = end;
        return new AddFileOperation(path, header + 1, content);
    }

    private static UpdateFileOperation ParseUpdate(string[] lines, ref int i, int last, string path)
    {
        int header = i++;
        string? moveTo = null;
        if (i < last && lines[i].Trim().StartsWith(MoveTo, StringComparison.Ordinal))
        {
            moveTo = PathOf(lines[i].Trim(), MoveTo, i);
            i++;
        }

        int end = SectionEnd(lines, i, last);
        var hunks = new List<PatchHunk>();
        HunkBuilder? current = null;
        for (; i < end; i++)
        {
            string line = lines[i];
            string trimmed = line.Trim();
            if (trimmed.StartsWith("@@", StringComparison.Ordinal))
            {
                string anchor = trimmed[2..].Trim();
                if (current is null || current.HasLines)
                {
                    Close(current, hunks);
                    current = new HunkBuilder(i + 1);
                }

                if (anchor.Length > 0)
                {
                    current.Anchors.Add(anchor);
                }

                continue;
            }

            if (trimmed == EndOfFile)
            {
                if (current is null || !current.HasLines)
                {
                    throw Invalid(i, $"'{EndOfFile}' must follow the lines of a hunk");
                }

                current.EndOfFile = true;
                Close(current, hunks);
                current = null;
                continue;
            }

            current ??= new HunkBuilder(i + 1);
            if (line.Length == 0)
            {
                current.Add(' ', string.Empty);
            }
            else if (line[0] is ' ' or '-' or '+')
            {
                current.Add(line[0], line[1..]);
            }
            else
            {
                throw Invalid(i, $"a hunk line starts with ' ', '-' or '+', got '{Shorten(line)}'");
            }
        }

        Close(current, hunks);
        i = end;
        return hunks.Count == 0 && moveTo is null
            ? throw Invalid(header, $"'*** Update File: {path}' has no hunk")
            : new UpdateFileOperation(path, header + 1, moveTo, hunks);
    }

    private static void Close(HunkBuilder? hunk, List<PatchHunk> hunks)
    {
        if (hunk is { HasLines: true })
        {
            hunks.Add(hunk.Build());
        }
        else if (hunk is { Anchors.Count: > 0 })
        {
            throw Invalid(hunk.PatchLine - 1, "a '@@' hunk has no lines");
        }
    }

    // A section runs to the next file marker; blank lines right before that marker are dropped.
    private static int SectionEnd(string[] lines, int start, int last)
    {
        int end = start;
        while (end < last && !IsFileMarker(lines[end].Trim()))
        {
            end++;
        }

        while (end > start && lines[end - 1].Length == 0)
        {
            end--;
        }

        return end;
    }

    private static bool IsFileMarker(string trimmed) =>
        trimmed.StartsWith(AddFile, StringComparison.Ordinal)
        || trimmed.StartsWith(DeleteFile, StringComparison.Ordinal)
        || trimmed.StartsWith(UpdateFile, StringComparison.Ordinal)
        || trimmed == EndPatch;

    private static string PathOf(string marker, string prefix, int line)
    {
        string path = marker[prefix.Length..].Trim();
        return path.Length > 0 ? path : throw Invalid(line, $"'{prefix}' needs a path");
    }

    private static string Shorten(string line) => line.Length > 80 ? line[..80] + "…" : line;

    private static ToolException Invalid(int index, string why) =>
        ToolException.Invalid(ToolErrorDetails.PatchInvalid, $"applyPatch: invalid patch at line {index + 1}: {why}.");

    private sealed class HunkBuilder(int patchLine)
    {
        public int PatchLine { get; } = patchLine;

        public List<string> Anchors { get; } = [];

        public List<string> Old { get; } = [];

        public List<string> New { get; } = [];

        public List<char> Kinds { get; } = [];

        public bool EndOfFile { get; set; }

        public bool HasLines => this.Old.Count > 0 || this.New.Count > 0;

        public void Add(char kind, string text)
        {
            this.Kinds.Add(kind);
            if (kind != '+')
            {
                this.Old.Add(text);
            }

            if (kind != '-')
            {
                this.New.Add(text);
            }
        }

        public PatchHunk Build() => new(this.Anchors, this.Old, this.New, this.Kinds, this.EndOfFile, this.PatchLine);
    }
}
