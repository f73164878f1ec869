using System.Text.Json;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// Applies the hunks of one <c>*** Update File</c> to a file's lines. Hunks are found in order,
/// each after the previous one. A hunk whose lines are not there but whose result is (or whose
/// result already surrounds its context) is counted as already applied: that is how a retry of
/// a patch that was written before a crash is recognised.
/// </summary>
internal static class HunkApplier
{
    /// <summary>One located hunk: <see cref="Count"/> lines at <see cref="Index"/> become <see cref="Replacement"/>; <see cref="InverseOld"/> restores them.</summary>
    internal sealed record Change(int Index, int Count, IReadOnlyList<string> Replacement, IReadOnlyList<string> InverseOld, bool AlreadyApplied);

    internal sealed record Result(TextFile File, IReadOnlyList<Change> Changes)
    {
        public int Fresh => this.Changes.Count(c => !c.AlreadyApplied);

        public int Already => this.Changes.Count(c => c.AlreadyApplied);
    }

    public static Result Apply(TextFile file, IReadOnlyList<PatchHunk> hunks, string path)
    {
        List<string> lines = file.Lines;
        var matcher = new LineMatcher(lines);
        var changes = new List<Change>();
        int cursor = 0;
        for (int h = 0; h < hunks.Count; h++)
        {
            PatchHunk hunk = hunks[h];
            foreach (string anchor in hunk.Anchors)
            {
                int at = matcher.Find([anchor], cursor, endOfFile: false);
                if (at < 0)
                {
                    throw NotFound(path, h, hunk, $"its '@@ {anchor}' line was not found" + After(cursor));
                }

                cursor = at + 1;
            }

            Change change = hunk.OldLines.Count == 0
                ? Insertion(matcher, hunk, cursor)
                : Replacement(matcher, hunk, cursor, path, h);
            changes.Add(change);
            cursor = change.Index + change.Count;
        }

        var result = new List<string>(lines.Count);
        int copied = 0;
        foreach (Change change in changes)
        {
            result.AddRange(lines.Skip(copied).Take(change.Index - copied));
            result.AddRange(change.Replacement);
            copied = change.Index + change.Count;
        }

        result.AddRange(lines.Skip(copied));
        return new Result(file.WithLines(result), changes);
    }

    private static Change Insertion(LineMatcher matcher, PatchHunk hunk, int cursor)
    {
        IReadOnlyList<string> lines = matcher.Lines;

        // Only added lines: after the anchor when there is one, else at the end of the file.
        int at = hunk.Anchors.Count > 0 ? cursor : lines.Count;
        int alreadyAt = hunk.Anchors.Count > 0 ? at : lines.Count - hunk.NewLines.Count;
        return matcher.MatchesAnywhereAt(hunk.NewLines, alreadyAt)
            ? new Change(alreadyAt, hunk.NewLines.Count, Slice(lines, alreadyAt, hunk.NewLines.Count), [], AlreadyApplied: true)
            : new Change(at, 0, hunk.NewLines, [], AlreadyApplied: false);
    }

    private static Change Replacement(LineMatcher matcher, PatchHunk hunk, int cursor, string path, int h)
    {
        IReadOnlyList<string> lines = matcher.Lines;
        IReadOnlyList<string> old = hunk.OldLines;
        IReadOnlyList<string> @new = hunk.NewLines;
        IReadOnlyList<char> kinds = hunk.Kinds;
        int at = matcher.Find(old, cursor, hunk.EndOfFile);
        if (at < 0 && old.Count > 1 && old[^1].Length == 0 && kinds[^1] == ' ')
        {
            // A trailing empty context line is often an artefact of how the patch was written.
            old = old.Take(old.Count - 1).ToList();
            @new = @new.Take(@new.Count - 1).ToList();
            kinds = kinds.Take(kinds.Count - 1).ToList();
            at = matcher.Find(old, cursor, hunk.EndOfFile);
        }

        if (at >= 0)
        {
            // A hunk that only adds lines keeps matching after it was applied: if its result
            // already surrounds the found lines, it was applied before.
            for (int start = at + old.Count - @new.Count; @new.Count > old.Count && start <= at; start++)
            {
                if (start >= cursor && matcher.MatchesAnywhereAt(@new, start))
                {
                    return new Change(start, @new.Count, Slice(lines, start, @new.Count), old, AlreadyApplied: true);
                }
            }

            return new Change(at, old.Count, KeepContext(lines, at, kinds, @new), Slice(lines, at, old.Count), AlreadyApplied: false);
        }

        int applied = @new.Count > 0 ? matcher.Find(@new, cursor, hunk.EndOfFile) : -1;
        if (applied >= 0)
        {
            return new Change(applied, @new.Count, Slice(lines, applied, @new.Count), old, AlreadyApplied: true);
        }

        int found = matcher.LongestFoundPrefix(old, cursor);
        string missing = old[Math.Min(found, old.Count - 1)];
        return found == 0
            ? throw NotFound(path, h, hunk, $"the line {Quote(missing)} was not found" + After(cursor))
            : throw NotFound(path, h, hunk, $"the line {Quote(missing)} (line {found + 1} of the hunk's context) does not follow {Quote(old[found - 1])}" + After(cursor));
    }

    // Context lines matched tolerantly keep the file's own text; only '+' lines come from the patch.
    private static List<string> KeepContext(IReadOnlyList<string> lines, int at, IReadOnlyList<char> kinds, IReadOnlyList<string> @new)
    {
        var result = new List<string>(@new.Count);
        int fileLine = at;
        int newLine = 0;
        foreach (char kind in kinds)
        {
            switch (kind)
            {
                case ' ':
                    result.Add(lines[fileLine++]);
                    newLine++;
                    break;
                case '-':
                    fileLine++;
                    break;
                default:
                    result.Add(@new[newLine++]);
                    break;
            }
        }

        return result;
    }

    private static List<string> Slice(IReadOnlyList<string> lines, int start, int count) => lines.Skip(start).Take(count).ToList();

    private static string After(int cursor) => cursor > 0 ? $" after line {cursor}" : string.Empty;

    // Quoted as JSON so spaces and tabs show, but non-ASCII text as it is (the default encoder
    // writes "é" as \u00E9, which a model then copies into its next hunk).
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Quote(string line) => JsonSerializer.Serialize(line, Readable);

    private static ToolException NotFound(string path, int h, PatchHunk hunk, string why) =>
        ToolException.Refused(
            ToolErrorDetails.PatchContextNotFound,
            $"applyPatch: hunk {h + 1} of '{path}' (patch line {hunk.PatchLine}) does not match the file: {why}. Nothing was written; read the file again and rewrite the hunk.");
}
