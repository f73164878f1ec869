using System.Globalization;
using System.Text;

namespace ScriptHarness.Agent;

/// <summary>
/// Model-controlled text made safe for a terminal: control characters (ESC, CR, backspace...),
/// bidi overrides and invisible characters are shown as escapes, so a model cannot rewrite what
/// the approval prompt shows. Line breaks and tabs are kept.
/// </summary>
internal static class ConsoleText
{
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder safe = new(text.Length);
        foreach (char c in text)
        {
            if (c is '\n' or '\t')
            {
                safe.Append(c);
            }
            else if (char.IsControl(c))
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                safe.Append(c);
            }
        }

        return safe.ToString();
    }
}
