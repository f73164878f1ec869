namespace ScriptHarness.Orchestrations.Policy;

/// <summary>The files a Codex-format patch touches, read from its headers (add, update, delete, move).</summary>
public static class PatchPaths
{
    private static readonly string[] Headers =
        ["*** Add File:", "*** Update File:", "*** Delete File:", "*** Move to:"];

    /// <summary>Every path named by a header, as written, in order of appearance.</summary>
    public static IReadOnlyList<string> Read(string patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        List<string> paths = [];
        foreach (string raw in patch.Split('\n'))
        {
            string line = raw.Trim();
            foreach (string header in Headers)
            {
                if (line.StartsWith(header, StringComparison.Ordinal))
                {
                    paths.Add(line[header.Length..].Trim());
                    break;
                }
            }
        }

        return paths;
    }
}
