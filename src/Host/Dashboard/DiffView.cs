namespace ScriptHarness.Host.Dashboard;

/// <summary>
/// An applyPatch call as a person reviews it: each file's operation and a coloured unified diff,
/// numbered against the workspace file as it is now when the hunk's old lines are found in it.
/// </summary>
internal static class DiffView
{
    public static Html Render(string patch, string? workspace)
    {
        List<Html> files = [];
        FileSection? current = null;
        foreach (string raw in patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.StartsWith("*** Begin Patch", StringComparison.Ordinal) || raw.StartsWith("*** End Patch", StringComparison.Ordinal))
            {
                continue;
            }

            if (Header(raw) is { } header)
            {
                if (current is not null)
                {
                    files.Add(current.Render(workspace));
                }

                current = new FileSection(header.Op, header.Path);
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (raw.StartsWith("*** Move to: ", StringComparison.Ordinal))
            {
                current.MoveTo = raw["*** Move to: ".Length..];
            }
            else if (raw.StartsWith("@@", StringComparison.Ordinal))
            {
                current.Hunks.Add(new Hunk(raw.Length > 2 ? raw[2..].Trim() : string.Empty));
            }
            else if (raw.Length > 0 && raw[0] is '+' or '-' or ' ')
            {
                if (current.Hunks.Count == 0)
                {
                    current.Hunks.Add(new Hunk(string.Empty));
                }

                current.Hunks[^1].Lines.Add((raw[0], raw[1..]));
            }
            else if (raw.Length == 0 && current.Hunks.Count > 0 && current.Op == "Update")
            {
                current.Hunks[^1].Lines.Add((' ', string.Empty));
            }
        }

        if (current is not null)
        {
            files.Add(current.Render(workspace));
        }

        return files.Count == 0
            ? Html.Of($"""<pre class="json">{patch}</pre>""")
            : Html.Concat(files);
    }

    private static (string Op, string Path)? Header(string line)
    {
        foreach (string op in new[] { "Add", "Delete", "Update" })
        {
            string prefix = $"*** {op} File: ";
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (op, line[prefix.Length..]);
            }
        }

        return null;
    }

    private sealed class Hunk(string anchor)
    {
        public string Anchor { get; } = anchor;

        public List<(char Kind, string Text)> Lines { get; } = [];
    }

    private sealed class FileSection(string op, string path)
    {
        public string Op { get; } = op;

        public string Path { get; } = path;

        public string? MoveTo { get; set; }

        public List<Hunk> Hunks { get; } = [];

        public Html Render(string? workspace)
        {
            IReadOnlyList<string>? file = this.Op == "Add" ? null : WorkspaceFiles.ReadLines(workspace, this.Path);
            List<Html> rows = [];
            if (this.Op == "Delete")
            {
                rows.AddRange((file ?? []).Select((line, i) => Row("del", i + 1, null, '-', line)));
            }

            int searchFrom = 0;
            foreach (Hunk hunk in this.Hunks)
            {
                rows.Add(Html.Of($"""<tr class="hunk"><td colspan="4">@@ {hunk.Anchor}</td></tr>"""));
                string[] old = [.. hunk.Lines.Where(l => l.Kind != '+').Select(l => l.Text)];
                int start = this.Op == "Add" ? 0 : Find(file, old, searchFrom);
                if (this.Op == "Update" && start < 0)
                {
                    rows.Add(Html.Of($"""<tr class="note"><td colspan="4">These lines are not in the workspace file as it is now (the patch would be refused, or the file differs).</td></tr>"""));
                }

                int oldNo = start, newNo = start;
                foreach ((char kind, string text) in hunk.Lines)
                {
                    bool known = start >= 0;
                    rows.Add(kind switch
                    {
                        '+' => Row("add", null, known ? ++newNo : null, '+', text),
                        '-' => Row("del", known ? ++oldNo : null, null, '-', text),
                        _ => Row("ctx", known ? ++oldNo : null, known ? ++newNo : null, ' ', text),
                    });
                }

                if (start >= 0)
                {
                    searchFrom = start + old.Length;
                }
            }

            string verb = this.Op switch { "Add" => "adds", "Delete" => "deletes", _ => "updates" };
            return Html.Of($"""
                <figure class="diff" data-file="{this.Path}">
                <figcaption><span class="op op-{this.Op.ToLowerInvariant()}">{verb}</span> <code class="path">{this.Path}</code>{Html.When(this.MoveTo is not null, () => Html.Of($""" → <code class="path">{this.MoveTo}</code>"""))}{Html.When(this.Op != "Add" && file is null, () => Html.Of($""" <span class="note">(not readable in the workspace)</span>"""))}</figcaption>
                <table class="diff-lines"><tbody>
                {Html.Concat(rows)}
                </tbody></table>
                </figure>
                """);
        }

        private static Html Row(string kind, int? oldNo, int? newNo, char sign, string text) =>
            Html.Of($"""<tr class="{kind}"><td class="no">{oldNo}</td><td class="no">{newNo}</td><td class="sign">{sign.ToString()}</td><td class="text">{text}</td></tr>""");

        // Where the hunk's old lines (context and removed) stand in the file, from the previous hunk on; -1 when absent.
        private static int Find(IReadOnlyList<string>? file, string[] old, int from)
        {
            if (file is null)
            {
                return -1;
            }

            for (int i = Math.Max(0, from); i + old.Length <= file.Count; i++)
            {
                if (old.Select((line, k) => string.Equals(file[i + k].TrimEnd(), line.TrimEnd(), StringComparison.Ordinal)).All(b => b))
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
