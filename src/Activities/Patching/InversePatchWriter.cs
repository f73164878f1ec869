using System.Text;

namespace ScriptHarness.Activities.Patching;

/// <summary>
/// Writes the patch that undoes an applied one, in the same format: operations in reverse order,
/// added files deleted, deleted files added back, updates reversed (with the move reversed),
/// each reversed hunk carrying up to three lines of context from the patched file.
/// </summary>
internal sealed class InversePatchWriter
{
    private const int Context = 3;
    private readonly List<string> sections = [];

    /// <summary>False when some operation could not be reversed (a delete retried after it happened: its content is gone).</summary>
    public bool Complete { get; private set; } = true;

    public void Unavailable() => this.Complete = false;

    public void DeleteOf(string path) => this.sections.Add($"*** Delete File: {path}\n");

    public void AddOf(string path, IReadOnlyList<string> lines)
    {
        var section = new StringBuilder($"*** Add File: {path}\n");
        foreach (string line in lines)
        {
            section.Append('+').Append(line).Append('\n');
        }

        this.sections.Add(section.ToString());
    }

    /// <summary>Reverses an update whose result is <paramref name="final"/> (at <paramref name="finalPath"/>), moving back to <paramref name="originalPath"/> when it moved.</summary>
    public void UpdateOf(string finalPath, string? originalPath, IReadOnlyList<string> final, IReadOnlyList<HunkApplier.Change> changes)
    {
        var section = new StringBuilder($"*** Update File: {finalPath}\n");
        if (originalPath is not null)
        {
            section.Append("*** Move to: ").Append(originalPath).Append('\n');
        }

        // Positions in the patched file, skipping hunks that changed nothing.
        var spans = new List<(int Start, int Count, IReadOnlyList<string> Old)>();
        int shift = 0;
        foreach (HunkApplier.Change change in changes)
        {
            int start = change.Index + shift;
            shift += change.Replacement.Count - change.Count;
            bool identity = change.InverseOld.Count == change.Replacement.Count && change.InverseOld.SequenceEqual(change.Replacement);
            if (!identity)
            {
                spans.Add((start, change.Replacement.Count, change.InverseOld));
            }
        }

        if (spans.Count == 0 && originalPath is null)
        {
            return;
        }

        int i = 0;
        while (i < spans.Count)
        {
            // Spans whose context would overlap go in one hunk, or the second would be searched for too late.
            int j = i;
            while (j + 1 < spans.Count && spans[j + 1].Start - (spans[j].Start + spans[j].Count) <= 2 * Context)
            {
                j++;
            }

            int from = Math.Max(0, spans[i].Start - Context);
            int to = Math.Min(final.Count, spans[j].Start + spans[j].Count + Context);
            section.Append("@@\n");
            int line = from;
            for (int k = i; k <= j; k++)
            {
                for (; line < spans[k].Start; line++)
                {
                    section.Append(' ').Append(final[line]).Append('\n');
                }

                for (; line < spans[k].Start + spans[k].Count; line++)
                {
                    section.Append('-').Append(final[line]).Append('\n');
                }

                foreach (string old in spans[k].Old)
                {
                    section.Append('+').Append(old).Append('\n');
                }
            }

            for (; line < to; line++)
            {
                section.Append(' ').Append(final[line]).Append('\n');
            }

            if (to == final.Count)
            {
                section.Append("*** End of File\n");
            }

            i = j + 1;
        }

        this.sections.Add(section.ToString());
    }

    public string Render()
    {
        var patch = new StringBuilder("*** Begin Patch\n");
        for (int i = this.sections.Count - 1; i >= 0; i--)
        {
            patch.Append(this.sections[i]);
        }

        return patch.Append("*** End Patch\n").ToString();
    }

    public bool IsEmpty => this.sections.Count == 0;
}
