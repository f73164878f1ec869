using System.Text.RegularExpressions;

namespace ScriptHarness.Activities.Ignore;

/// <summary>
/// The rules of one <c>.gitignore</c> file: patterns relative to the directory holding it, the
/// last matching pattern deciding (negated with <c>!</c>), directory-only with a trailing slash.
/// </summary>
internal sealed class IgnoreRules
{
    private readonly List<Rule> rules;

    private IgnoreRules(List<Rule> rules)
    {
        this.rules = rules;
    }

    /// <summary>True when the file has no rule.</summary>
    public bool IsEmpty => this.rules.Count == 0;

    public static IgnoreRules Parse(string text)
    {
        var rules = new List<Rule>();
        foreach (string rawLine in text.Split('\n'))
        {
            string line = TrimUnescapedTrailingSpace(rawLine.TrimEnd('\r'));
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            bool negate = line.StartsWith('!');
            if (negate)
            {
                line = line[1..];
            }
            else if (line.StartsWith(@"\!", StringComparison.Ordinal) || line.StartsWith(@"\#", StringComparison.Ordinal))
            {
                line = line[1..];
            }

            bool directoryOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            if (line.Length == 0)
            {
                continue;
            }

            bool anchored = line.Contains('/', StringComparison.Ordinal);
            line = line.TrimStart('/');
            try
            {
                rules.Add(new Rule(GlobPattern.ToRegex(line, anchored, braces: false), negate, directoryOnly));
            }
            catch (ArgumentException)
            {
                // git ignores patterns it cannot parse; so do we.
            }
        }

        return new IgnoreRules(rules);
    }

    /// <summary>
    /// Whether <paramref name="relativePath"/> (relative to this file's directory) is ignored:
    /// true, false (re-included by a negation), or null when no rule speaks of it.
    /// </summary>
    public bool? Decide(string relativePath, bool isDirectory)
    {
        for (int i = this.rules.Count - 1; i >= 0; i--)
        {
            Rule rule = this.rules[i];
            if (rule.DirectoryOnly && !isDirectory)
            {
                continue;
            }

            if (rule.Pattern.IsMatch(relativePath))
            {
                return !rule.Negate;
            }
        }

        return null;
    }

    private static string TrimUnescapedTrailingSpace(string line)
    {
        int end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        return line[..end];
    }

    private sealed record Rule(Regex Pattern, bool Negate, bool DirectoryOnly);
}
