using System.Text;
using System.Text.RegularExpressions;

namespace ScriptHarness.Activities.Ignore;

/// <summary>
/// Translates a glob (the <c>.gitignore</c> dialect: <c>*</c>, <c>?</c>, <c>[...]</c>,
/// <c>**</c>; optionally <c>{a,b}</c>) into a regular expression over slash-separated paths.
/// </summary>
internal static class GlobPattern
{
    /// <summary>
    /// The regex for <paramref name="glob"/>. An anchored glob must match the whole relative path;
    /// an unanchored one may match at any directory depth (its last components).
    /// </summary>
    public static Regex ToRegex(string glob, bool anchored, bool braces, bool ignoreCase = false)
    {
        var body = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        int braceDepth = 0;
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    bool atStart = i == 0 || glob[i - 1] == '/';
                    bool atEnd = i + 2 == glob.Length || glob[i + 2] == '/';
                    if (atStart && atEnd)
                    {
                        if (i + 2 == glob.Length)
                        {
                            body.Append(".*");
                        }
                        else
                        {
                            body.Append("(?:.*/)?");
                            i++;
                        }

                        i++;
                    }
                    else
                    {
                        body.Append("[^/]*");
                        i++;
                    }

                    break;
                case '*':
                    body.Append("[^/]*");
                    break;
                case '?':
                    body.Append("[^/]");
                    break;
                case '[':
                    int close = glob.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        body.Append(@"\[");
                        break;
                    }

                    string set = glob[(i + 1)..close];
                    body.Append('[');
                    if (set.StartsWith('!') || set.StartsWith('^'))
                    {
                        body.Append('^');
                        set = set[1..];
                    }

                    body.Append(set.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("[", @"\[", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    body.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                case '{' when braces:
                    braceDepth++;
                    body.Append("(?:");
                    break;
                case ',' when braces && braceDepth > 0:
                    body.Append('|');
                    break;
                case '}' when braces && braceDepth > 0:
                    braceDepth--;
                    body.Append(')');
                    break;
                default:
                    body.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        for (; braceDepth > 0; braceDepth--)
        {
            body.Append(')');
        }

        body.Append('$');
        RegexOptions options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return new Regex(body.ToString(), options, TimeSpan.FromSeconds(1));
    }
}
