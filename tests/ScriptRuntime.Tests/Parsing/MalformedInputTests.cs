using System.Text;
using ScriptHarness.ScriptRuntime.Parsing;

namespace ScriptHarness.Tests.ScriptRuntime.Parsing;

public class MalformedInputTests
{
    private static readonly string[] Fragments =
    [
        "<tool-calls>", "</tool-calls>", "<thinking>", "</thinking>", "\"", "'", "`", "${", "}", "{", "/", "*", "/*", "*/", "//",
        "\n", "\r\n", "```", "~~~", "```js\n", "\\", "a", "x = ", "return ", " ", ":", "as", "!", "<", ">", "(", ")", "[", "]",
        "interface", "type", "=", ";", "1", "é", "\u2028",
    ];

    [Fact]
    public void Two_thousand_random_malformed_messages_split_without_losing_a_character()
    {
        var random = new Random(20261125);
        for (int n = 0; n < 2000; n++)
        {
            var builder = new StringBuilder();
            int count = random.Next(1, 40);
            for (int i = 0; i < count; i++)
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]);
            }

            string text = builder.ToString();
            DetectedMessage message = ScriptDetector.Detect(text);

            string rebuilt = string.Concat(message.Segments.Select(s => s switch
            {
                TextSegment t => t.Text,
                ThinkingSegment th => th.Thinking.Raw,
                ScriptBlock b => b.Raw,
                _ => throw new InvalidOperationException(),
            }));
            Assert.Equal(text, rebuilt);
            foreach (ScriptBlock block in message.Blocks)
            {
                Assert.Equal(block.Raw, text.Substring(block.Offset, block.Length));
                ScriptValidation validation = ScriptValidator.Validate(block.Source.Length == 0 ? " " : block.Source);
                Assert.True(validation.IsValid || validation.Error is { Line: null or > 0, Column: null or > 0 });
            }
        }
    }
}
