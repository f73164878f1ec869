using System.Globalization;
using System.Text;

namespace ScriptHarness.Host.Cli;

/// <summary>
/// Makes text that a model (or any caller) controls safe to print on a terminal: every character a
/// terminal would act on instead of show (C0 and C1 controls, ESC, CR, BS, DEL), every bidirectional
/// override or isolate, and every zero-width or otherwise invisible format character is shown as a
/// visible escape (<c>\x1b</c>, <c>\r</c>, <c>\u202e</c>). Without it, a command's text can erase or
/// reorder the approval prompt the approver reads, or retitle and reprogram the terminal.
/// </summary>
/// <remarks>
/// A backslash is left as it is: a literal <c>\x1b</c> typed by the model only shows those four
/// characters, which hides nothing; doubling every backslash would make paths and patterns harder to read.
/// </remarks>
internal static class TerminalText
{
    /// <summary>
    /// One line: every control character, line breaks included, is escaped. A compact JSON text stays
    /// valid JSON with the same value (JSON already escapes C0 and C1; what is left is escaped as <c>\uXXXX</c>).
    /// </summary>
    public static string Line(string? text) => Escape(text, indent: null);

    /// <summary>
    /// A block of several lines: <c>\n</c> (and <c>\r\n</c>) stay line breaks and each continuation line
    /// starts with <paramref name="indent"/>, so the block cannot pose as the tool's own output; every
    /// other control character is escaped.
    /// </summary>
    public static string Block(string? text, string indent) => Escape(text, indent);

    /// <summary>Whether a text would print unchanged (holds nothing to escape).</summary>
    public static bool IsSafe(string? text) => text is null || string.Equals(Line(text), text, StringComparison.Ordinal);

    /// <summary>Whether the Unicode scalar <paramref name="value"/> is escaped when printed.</summary>
    public static bool MustEscape(int value)
    {
        if (value < 0x20 || (value >= 0x7F && value <= 0x9F))
        {
            return true; // C0 controls (ESC, CR, BS, BEL, …), DEL and the C1 controls (CSI U+009B, OSC U+009D, …).
        }

        if (value < 0xA0)
        {
            return false; // printable ASCII: the common case, answered without a Unicode lookup.
        }

        if (value is >= 0xD800 and <= 0xDFFF)
        {
            return true; // a lone surrogate: terminals show it as garbage or drop it.
        }

        if (value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x034F or 0x2800 or 0x180B or 0x180C or 0x180D or 0x180F || value is >= 0xFE00 and <= 0xFE0F || value is >= 0xE0100 and <= 0xE01EF)
        {
            return true; // Hangul fillers, the grapheme joiner, the braille blank and variation selectors draw nothing.
        }

        return CharUnicodeInfo.GetUnicodeCategory(value) switch
        {
            // Cf holds the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069, U+200E/F, U+061C),
            // the zero-width space, joiners, word joiner, invisible operators (U+200B–200D, U+2060–2064),
            // the byte-order mark U+FEFF, the soft hyphen U+00AD and the tag characters U+E0000–E007F.
            UnicodeCategory.Format => true,

            // U+2028 and U+2029 break the line on some terminals.
            UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => true,
            UnicodeCategory.Control or UnicodeCategory.Surrogate => true,
            _ => false,
        };
    }

    private static string Escape(string? text, string? indent)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!NeedsWork(text))
        {
            return text;
        }

        StringBuilder output = new(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (indent is not null && (c == '\n' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')))
            {
                // A line break of a block: the cursor moves on, nothing printed is overwritten.
                i += c == '\r' ? 1 : 0;
                output.Append('\n').Append(indent);
                continue;
            }

            int value = c;
            int width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                value = char.ConvertToUtf32(c, text[i + 1]);
                width = 2;
            }

            if (MustEscape(value))
            {
                AppendEscape(output, value);
            }
            else
            {
                output.Append(text, i, width);
            }

            i += width - 1;
        }

        return output.ToString();
    }

    // Most text is plain: a quick scan lets it through without copying.
    private static bool NeedsWork(string text)
    {
        foreach (char c in text)
        {
            if (c < 0x20 || c >= 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendEscape(StringBuilder output, int value)
    {
        switch (value)
        {
            case '\n':
                output.Append("\\n");
                return;
            case '\r':
                output.Append("\\r");
                return;
            case '\t':
                output.Append("\\t");
                return;
            case '\b':
                output.Append("\\b");
                return;
        }

        // \x only for C0, which JSON always escapes itself; DEL, C1 and the rest as \u, so that an escaped JSON line stays JSON.
        if (value < 0x20)
        {
            output.Append(CultureInfo.InvariantCulture, $"\\x{value:x2}");
        }
        else if (value <= 0xFFFF)
        {
            output.Append(CultureInfo.InvariantCulture, $"\\u{value:x4}");
        }
        else
        {
            // As a UTF-16 pair, as JSON and JavaScript write it: an escaped JSON line stays JSON with the same value.
            string pair = char.ConvertFromUtf32(value);
            output.Append(CultureInfo.InvariantCulture, $"\\u{(int)pair[0]:x4}\\u{(int)pair[1]:x4}");
        }
    }
}
