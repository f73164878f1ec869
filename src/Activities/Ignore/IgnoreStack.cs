namespace ScriptHarness.Activities.Ignore;

/// <summary>
/// The <c>.gitignore</c> files in force at one point of a walk, from the root down. A deeper
/// file overrides a shallower one, as in git.
/// </summary>
internal sealed class IgnoreStack
{
    private readonly List<(string Base, IgnoreRules Rules)> frames = [];

    public void Push(string basePath, IgnoreRules rules) => this.frames.Add((basePath, rules));

    public void Pop() => this.frames.RemoveAt(this.frames.Count - 1);

    public int Count => this.frames.Count;

    /// <summary>Whether the workspace-relative <paramref name="path"/> is ignored.</summary>
    public bool IsIgnored(string path, bool isDirectory)
    {
        for (int i = this.frames.Count - 1; i >= 0; i--)
        {
            (string basePath, IgnoreRules rules) = this.frames[i];
            if (basePath.Length > 0 && !(path.Length > basePath.Length && path[basePath.Length] == '/' && path.StartsWith(basePath, StringComparison.Ordinal)))
            {
                continue;
            }

            string relative = basePath.Length == 0 ? path : path[(basePath.Length + 1)..];
            if (rules.Decide(relative, isDirectory) is bool decided)
            {
                return decided;
            }
        }

        return false;
    }
}
