using System.Globalization;
using System.Text;

namespace ScriptHarness.ScriptRuntime.Tools;

/// <summary>
/// The one predictable mapping from a tool's own name to a JavaScript identifier: split on every
/// character that is not an ASCII letter or digit, keep the first part, capitalize the first
/// letter of each later part, and put <c>_</c> before a leading digit. <c>get-sum</c> becomes
/// <c>getSum</c>, <c>read_text_file</c> <c>readTextFile</c>, <c>echo</c> stays <c>echo</c>.
/// </summary>
public static class ToolNames
{
    /// <summary>The identifier alias of <paramref name="name"/>; empty when it has no letter or digit.</summary>
    public static string Alias(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length);
        bool upperNext = false;
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                text.Append(upperNext && text.Length > 0 ? char.ToUpper(c, CultureInfo.InvariantCulture) : c);
                upperNext = false;
            }
            else
            {
                upperNext = true;
            }
        }

        return text.Length > 0 && char.IsAsciiDigit(text[0]) ? "_" + text : text.ToString();
    }

    /// <summary>Whether <paramref name="name"/> is a plain JavaScript identifier (ASCII letters, digits, <c>_</c>, <c>$</c>).</summary>
    public static bool IsIdentifier(string name) =>
        !string.IsNullOrEmpty(name) && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$') &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    /// <summary>The path of <paramref name="tool"/> in the <c>tools</c> object: its <see cref="ToolDescriptor.ScriptPath"/> or its name.</summary>
    public static IReadOnlyList<string> PathOf(ToolDescriptor tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        return tool.ScriptPath is { Count: > 0 } path ? path : [tool.Name];
    }

    /// <summary>
    /// The aliases that may be used in each namespace: a member's alias counts only when it differs
    /// from its name and no other member of the same namespace is named or aliased the same.
    /// Keyed by tool name.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Aliases(IEnumerable<ToolDescriptor> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IGrouping<string, ToolDescriptor> ns in tools.GroupBy(t => string.Join('\n', PathOf(t).SkipLast(1)), StringComparer.Ordinal))
        {
            List<(ToolDescriptor Tool, string Member, string Alias)> members =
                [.. ns.Select(t => (t, PathOf(t)[^1], Alias(PathOf(t)[^1])))];
            var names = new HashSet<string>(members.Select(m => m.Member), StringComparer.Ordinal);
            foreach ((ToolDescriptor tool, string member, string alias) in members)
            {
                bool unique = members.Count(m => string.Equals(m.Alias, alias, StringComparison.Ordinal)) == 1;
                if (alias.Length > 0 && !string.Equals(alias, member, StringComparison.Ordinal) && unique && !names.Contains(alias))
                {
                    result[tool.Name] = alias;
                }
            }
        }

        return result;
    }
}
