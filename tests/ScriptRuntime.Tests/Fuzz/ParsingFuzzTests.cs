using CsCheck;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.Tests.ScriptRuntime.Serialization;

namespace ScriptHarness.Tests.ScriptRuntime.Fuzz;

/// <summary>
/// Property tests of the text half: for arbitrary model text (random strings over an alphabet
/// rich in tags, fences, quotes and braces, and truncations and mutations of real provider
/// responses) the detector, the lexer and the provider reader end, throw nothing but their typed
/// <see cref="ScriptException"/> (code <c>parse</c>), and give consistent output.
/// 10,000 iterations per property on one thread from a fixed seed; inputs are at most a few hundred characters.
/// </summary>
public class ParsingFuzzTests
{
    private const long Iterations = 10_000;

    // Fixed, so a run is reproducible; CsCheck prints the seed of any failing case to rerun it alone.
    private const string Seed = "fie32q4OIn-1";

    // Pieces that drive the scanners into their interesting states.
    private static readonly string[] Pieces =
    [
        "<tool-calls>", "</tool-calls>", "<tool-calls", "</tool-calls", "```", "```js\n", "~~~", "`", "``",
        "<thinking>", "</thinking>", "<think>", "</think>", "'", "\"", "\\", "/", "//", "/*", "*/", "${", "}",
        "{", "[", "]", "(", ")", "\n", "\r\n", " ", "\t", "a", "return 1;", "x = /re/g;", "\ud800", "\ud83d\ude00",
    ];

    private static readonly Gen<string> ModelText =
        Gen.OneOf(
            Gen.String[0, 200],
            Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i]).Array[0, 40].Select(parts => string.Concat(parts)));

    private static readonly string[] Samples = [ProviderSamples.Responses, ProviderSamples.ChatCompletions, ProviderSamples.Text];

    private static readonly Gen<string> MutatedResponse =
        Gen.Select(Gen.Int[0, Samples.Length - 1], Gen.Int[0, 10_000], Gen.Int[0, 3], Gen.Char,
            (which, position, mutation, c) =>
            {
                string sample = Samples[which];
                int at = position % (sample.Length + 1);
                return mutation switch
                {
                    0 => sample[..at],                                                    // truncation
                    1 => at < sample.Length ? sample[..at] + c + sample[(at + 1)..] : sample + c, // replacement
                    2 => sample.Insert(at, c.ToString()),                                  // insertion
                    _ => at < sample.Length ? sample.Remove(at, 1) : sample,               // deletion
                };
            });

    [Fact]
    public void The_detector_never_throws_and_its_blocks_come_from_the_text() =>
        ModelText.Sample(text =>
        {
            DetectedMessage message = ScriptDetector.Detect(text);
            for (int i = 0; i < message.Blocks.Count; i++)
            {
                ScriptBlock block = message.Blocks[i];
                Assert.Equal(i, block.Index);
                Assert.Equal(block.Raw, text.Substring(block.Offset, block.Length));
                Assert.True(block.Error is null || block.Error.Code is ScriptErrorCode.Parse or ScriptErrorCode.LimitExceeded);
                Assert.Contains(block.Source.Trim(), text, StringComparison.Ordinal);
            }
        }, seed: Seed, iter: Iterations, threads: 1);

    [Fact]
    public void The_lexer_ends_on_any_input_and_its_tokens_stay_in_order_inside_the_text() =>
        ModelText.Sample(text =>
        {
            int last = 0;
            foreach (JsToken token in JsLexer.Tokenize(text))
            {
                Assert.True(token.Start >= last && token.End <= text.Length, $"{token.Start}..{token.End}");
                last = token.Start;
            }
        }, seed: Seed, iter: Iterations, threads: 1);

    [Fact]
    public void The_provider_reader_reads_or_throws_a_typed_parse_error_on_any_text() =>
        ModelText.Sample(ReadsTyped, seed: Seed, iter: Iterations, threads: 1);

    [Fact]
    public void The_provider_reader_reads_or_throws_a_typed_parse_error_on_mutated_responses() =>
        MutatedResponse.Sample(ReadsTyped, seed: Seed, iter: Iterations, threads: 1);

    private static void ReadsTyped(string text)
    {
        ModelOutput output;
        try
        {
            output = ModelOutputReader.Read(text);
        }
        catch (ScriptException exception)
        {
            Assert.Equal(ScriptErrorCode.Parse, exception.Error.Code);
            return;
        }

        // Text that starts like JSON is never read as plain text: its tags must not run.
        bool looksLikeJson = text.TrimStart() is { Length: > 0 } t && t[0] is '{' or '[';
        Assert.Equal(looksLikeJson, output.Format is not null);
        _ = ScriptDetector.Detect(output);
    }
}
