using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.Tests.ScriptRuntime.Providers;

/// <summary>The registry of formats: the wire names clients send stay stable, and shapes are detected.</summary>
public class ProviderFormatsTests
{
    [Theory]
    [InlineData("openai-responses", "openai-responses")]
    [InlineData("OpenAIResponses", "openai-responses")]
    [InlineData("openai-chat", "openai-chat")]
    [InlineData("openai-chat-completions", "openai-chat")]
    [InlineData("OpenAIChatCompletions", "openai-chat")]
    [InlineData("anthropic", "anthropic")]
    [InlineData("anthropic-messages", "anthropic")]
    [InlineData("AnthropicMessages", "anthropic")]
    [InlineData("gemini", "gemini")]
    public void Every_wire_name_clients_sent_before_still_finds_its_format(string sent, string name)
    {
        Assert.True(ProviderFormats.TryFind(sent, out IProviderFormat? format));
        Assert.Equal(name, format!.Name);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("PlainText")]
    public void Text_is_known_and_has_no_provider_shape(string sent)
    {
        Assert.True(ProviderFormats.TryFind(sent, out IProviderFormat? format));
        Assert.Null(format);
    }

    [Fact]
    public void An_unknown_name_is_refused()
    {
        Assert.False(ProviderFormats.TryFind("cohere", out _));
        Assert.Null(ProviderFormats.Find("cohere"));
    }

    [Fact]
    public void Each_format_recognizes_its_own_shape_and_no_other()
    {
        JsonObject[] shapes =
        [
            JsonNode.Parse("""{"object":"response","output":[]}""")!.AsObject(),
            JsonNode.Parse("""{"object":"chat.completion","choices":[]}""")!.AsObject(),
            JsonNode.Parse("""{"type":"message","content":[]}""")!.AsObject(),
            JsonNode.Parse("""{"candidates":[]}""")!.AsObject(),
        ];

        for (int i = 0; i < shapes.Length; i++)
        {
            Assert.Same(ProviderFormats.All[i], ProviderFormats.Detect(shapes[i]));
            Assert.Single(ProviderFormats.All, f => f.Recognizes(shapes[i]));
        }

        Assert.Null(ProviderFormats.Detect(new JsonObject { ["hello"] = "world" }));
    }

    [Fact]
    public void Wire_names_are_unique_and_include_text()
    {
        Assert.Equal(ProviderFormats.WireNames.Count, ProviderFormats.WireNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(["openai-responses", "openai-chat", "anthropic", "gemini", "text"], ProviderFormats.WireNames);
    }
}
