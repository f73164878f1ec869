using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;
using ScriptHarness.Tests.ScriptRuntime.Serialization;

namespace ScriptHarness.Tests.ScriptRuntime.Parsing;

public class ModelOutputReaderTests
{
    [Fact]
    public void Plain_text_is_read_as_one_text_part()
    {
        ModelOutput output = ModelOutputReader.Read("Hello <tool-calls>return 1</tool-calls>");

        Assert.Null(output.Format);
        Assert.Equal("Hello <tool-calls>return 1</tool-calls>", Assert.IsType<TextPart>(Assert.Single(output.Parts)).Text);
    }

    [Theory]
    [InlineData("{ not json <tool-calls>return 1</tool-calls>")]
    [InlineData("  \n{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"<tool-calls>return 1</tool-calls>")]
    [InlineData("[{\"type\":\"text\",\"text\":\"<tool-calls>return 1</tool-calls>\"}")]
    [InlineData("{\ud800 <tool-calls>return 1</tool-calls>")]
    public void Text_that_starts_like_json_but_does_not_parse_is_a_parse_error_and_its_tag_never_runs(string input)
    {
        ScriptException error = Assert.Throws<ScriptException>(() => ModelOutputReader.Read(input));

        Assert.Equal(ScriptErrorCode.Parse, error.Error.Code);
    }

    [Fact]
    public void A_json_array_is_not_a_model_response()
    {
        Assert.Equal(ScriptErrorCode.Parse, Assert.Throws<ScriptException>(() => ModelOutputReader.Read("[1, 2]")).Error.Code);
    }

    [Fact]
    public void Text_that_starts_with_other_characters_is_still_plain_text()
    {
        Assert.Null(ModelOutputReader.Read("Sure: { not json } <tool-calls>return 1</tool-calls>").Format);
    }

    [Fact]
    public void A_responses_response_gives_its_reasoning_then_its_message_text()
    {
        ModelOutput output = ModelOutputReader.Read(ProviderSamples.Responses);

        Assert.Equal(ProviderFormats.OpenAIResponses, output.Format);
        ThinkingPart thinking = Assert.IsType<ThinkingPart>(output.Parts[0]);
        Assert.Equal("List the files, then read the README.", thinking.Text);
        Assert.Equal("gAAAAB-opaque", (string?)thinking.Original?["encrypted_content"]);
        Assert.Equal(ProviderSamples.Text, Assert.IsType<TextPart>(output.Parts[1]).Text);
    }

    [Fact]
    public void A_chat_completion_gives_reasoning_content_and_the_first_choice_text()
    {
        ModelOutput output = ModelOutputReader.Read(ProviderSamples.ChatCompletions);

        Assert.Equal(ProviderFormats.OpenAIChatCompletions, output.Format);
        Assert.Equal("List the files first.", Assert.IsType<ThinkingPart>(output.Parts[0]).Text);
        Assert.Equal(3, ScriptDetector.Detect(output).Blocks.Count);
    }

    [Fact]
    public void A_chat_completion_with_content_parts_concatenates_their_text()
    {
        ModelOutput output = ModelOutputReader.Read(
            """{"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"a <tool-calls>"},{"type":"text","text":"return 1</tool-calls>"}]}}]}""");

        Assert.Equal("return 1", Assert.Single(ScriptDetector.Detect(output).Blocks).Source);
    }

    [Fact]
    public void An_anthropic_message_keeps_thinking_signatures_and_redacted_blocks_in_order()
    {
        ModelOutput output = ModelOutputReader.Read(ProviderSamples.Anthropic);

        Assert.Equal(ProviderFormats.AnthropicMessages, output.Format);
        Assert.Collection(
            output.Parts,
            p => Assert.Equal("EqQBCkYIARgCKkA-signed", Assert.IsType<ThinkingPart>(p).Signature),
            p => Assert.IsType<TextPart>(p),
            p => Assert.Equal("redacted_thinking", (string?)Assert.IsType<ThinkingPart>(p).Original?["type"]),
            p => Assert.IsType<TextPart>(p));
    }

    [Fact]
    public void Json_of_no_known_provider_shape_is_a_parse_error()
    {
        ScriptException ex = Assert.Throws<ScriptException>(() => ModelOutputReader.Read("""{"hello":"world"}"""));

        Assert.Equal(ScriptErrorCode.Parse, ex.Error.Code);
        Assert.Contains("Chat Completions", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_split_across_consecutive_anthropic_text_blocks_is_still_found()
    {
        ModelOutput output = ModelOutputReader.Read(
            """{"type":"message","role":"assistant","content":[{"type":"text","text":"Run <tool-ca"},{"type":"text","text":"lls>return 1</tool-calls>"}]}""");

        Assert.Equal("Run <tool-calls>return 1</tool-calls>", Assert.IsType<TextPart>(Assert.Single(output.Parts)).Text);
        Assert.Equal("return 1", Assert.Single(ScriptDetector.Detect(output).Blocks).Source);
    }

    [Fact]
    public void An_already_parsed_response_is_detected_too()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(ProviderSamples.Anthropic)!.AsObject();

        Assert.Equal(ProviderFormats.AnthropicMessages, ModelOutputReader.Read(json).Format);
        Assert.Throws<ScriptException>(() => ModelOutputReader.Read(new System.Text.Json.Nodes.JsonObject()));
    }
}
