using System.Globalization;
using System.Text.Json;
using ScriptHarness.Host.Cli;

namespace ScriptHarness.Tests.Host.Cli;

/// <summary>Every character a terminal would act on, or that draws nothing, is printed as a visible escape.</summary>
public sealed class TerminalTextTests
{
    // Bidi embeddings, overrides, isolates and marks; zero-width and invisible format characters; separators; fillers.
    public static TheoryData<int> Invisible => new()
    {
        0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C,
        0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF, 0x00AD, 0x180E,
        0x2028, 0x2029, 0x3164, 0x115F, 0x1160, 0xFFA0, 0x034F, 0xFE0F, 0xE0001, 0xE0041, 0xE007F, 0x1D173,
    };

    [Fact]
    public void Every_C0_control_DEL_and_C1_control_is_escaped_on_a_line()
    {
        for (int c = 0; c <= 0x9F; c++)
        {
            if (c is >= 0x20 and < 0x7F)
            {
                continue;
            }

            string printed = TerminalText.Line("a" + (char)c + "b");
            Assert.DoesNotContain((char)c, printed);
            Assert.StartsWith("a\\", printed, StringComparison.Ordinal);
            Assert.EndsWith("b", printed, StringComparison.Ordinal);
            Assert.True(TerminalText.MustEscape(c), $"U+{c:X4}");
        }
    }

    [Fact]
    public void Printable_ASCII_and_ordinary_letters_pass_unchanged()
    {
        string ascii = string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c));
        Assert.Equal(ascii, TerminalText.Line(ascii));
        const string words = "naïve café 日本語 Ωμέγα emoji 😀 path C:\\x\\y";
        Assert.Equal(words, TerminalText.Line(words));
        Assert.True(TerminalText.IsSafe(words));
    }

    [Theory]
    [InlineData("\u001b", "\\x1b")]
    [InlineData("\r", "\\r")]
    [InlineData("\n", "\\n")]
    [InlineData("\t", "\\t")]
    [InlineData("\b", "\\b")]
    [InlineData("\u007f", "\\u007f")]
    [InlineData("\u009b", "\\u009b")]
    [InlineData("\u0000", "\\x00")]
    [InlineData("\u0007", "\\x07")]
    [InlineData("\u202e", "\\u202e")]
    public void Controls_are_shown_in_their_escaped_form(string raw, string shown) => Assert.Equal(shown, TerminalText.Line(raw));

    [Fact]
    public void Lone_surrogates_are_escaped_and_pairs_are_kept()
    {
        Assert.Equal("\\ud800", TerminalText.Line(new string((char)0xD800, 1)));
        Assert.Equal("\\udc00x", TerminalText.Line(new string((char)0xDC00, 1) + "x"));
        Assert.Equal("a\\ud800b", TerminalText.Line("a" + (char)0xD800 + "b"));
        Assert.Equal("\U0001F600", TerminalText.Line("\U0001F600"));
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    public void Bidi_zero_width_and_other_invisible_characters_are_escaped(int scalar)
    {
        string raw = "x" + char.ConvertFromUtf32(scalar) + "y";
        string printed = TerminalText.Line(raw);
        Assert.DoesNotContain(char.ConvertFromUtf32(scalar), printed, StringComparison.Ordinal);
        Assert.Matches(@"^x(\\u[0-9a-f]{4})+y$", printed);
    }

    [Fact]
    public void Every_format_and_control_scalar_of_the_whole_range_is_escaped()
    {
        int checkedCount = 0;
        for (int scalar = 0; scalar <= 0x10FFFF; scalar++)
        {
            if (scalar is >= 0xD800 and <= 0xDFFF)
            {
                continue;
            }

            UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(scalar);
            if (category is UnicodeCategory.Format or UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                string s = char.ConvertFromUtf32(scalar);
                Assert.DoesNotContain(s, TerminalText.Line(s), StringComparison.Ordinal);
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 200, checkedCount.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_spoofing_payload_keeps_every_character_visible()
    {
        const string payload = "rm -rf ~ \u001b[2K\r\u001b]0;title\u0007echo safe\b\b\b\b\u202eexe.txt";
        string printed = TerminalText.Line(payload);
        Assert.Equal("rm -rf ~ \\x1b[2K\\r\\x1b]0;title\\x07echo safe\\b\\b\\b\\b\\u202eexe.txt", printed);
        Assert.True(printed.All(c => !TerminalText.MustEscape(c)));
    }

    [Fact]
    public void A_block_keeps_line_breaks_indented_and_escapes_the_rest()
    {
        Assert.Equal("one\n  | two\n  | \\rthree", TerminalText.Block("one\ntwo\r\n\rthree", "  | "));
        Assert.Equal("a\\x1b[2Kb", TerminalText.Block("a\u001b[2Kb", "  "));
    }

    [Fact]
    public void An_escaped_JSON_line_is_still_JSON_with_the_same_value()
    {
        string value = "a\u202eb\u200bc\u2028d\U000E0041e\u001bf";
        string json = JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        string printed = TerminalText.Line(json);
        Assert.True(TerminalText.IsSafe(printed));
        Assert.Equal(value, JsonSerializer.Deserialize<string>(printed));
    }

    [Fact]
    public void Null_and_empty_print_as_nothing()
    {
        Assert.Equal(string.Empty, TerminalText.Line(null));
        Assert.Equal(string.Empty, TerminalText.Block(string.Empty, "  "));
    }
}
