using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Serialization;
using ScriptHarness.Tests.ScriptRuntime.Serialization;

namespace ScriptHarness.Tests.ScriptRuntime.Providers;

/// <summary>Gemini <c>generateContent</c>, the fourth format, read and written from a recorded response.</summary>
public class GeminiFormatTests
{
    [Fact]
    public void A_recorded_generate_content_response_is_detected_as_gemini_with_its_thought_and_script()
    {
        ModelOutput output = ModelOutputReader.Read(Examples.Read("gemini-generate-content.json"));

        Assert.Same(ProviderFormats.Gemini, output.Format);
        Assert.Equal("gemini", output.FormatName);
        ThinkingPart thought = Assert.IsType<ThinkingPart>(output.Parts[0]);
        Assert.StartsWith("**Checking test coverage**", thought.Text, StringComparison.Ordinal);
        Assert.True((bool?)thought.Original?["thought"]);

        // The signature Gemini put on the text part is kept just before that text.
        ThinkingPart signature = Assert.IsType<ThinkingPart>(output.Parts[1]);
        Assert.Equal(string.Empty, signature.Text);
        Assert.StartsWith("CtwBAVSoXO6", signature.Signature, StringComparison.Ordinal);

        DetectedMessage message = ScriptDetector.Detect(output);
        ScriptBlock block = Assert.Single(message.Blocks);
        Assert.Contains("tools.readFile({ path: \"src/greet.py\" })", block.Source, StringComparison.Ordinal);
        Assert.True(ScriptValidator.Validate(block.Source).IsValid);
    }

    [Fact]
    public void The_follow_up_is_a_model_content_with_the_script_as_a_function_call_then_its_function_response()
    {
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(Examples.Read("gemini-generate-content.json")));

        JsonArray contents = ConversationSerializer.Serialize(ProviderFormats.Gemini, message, [SampleReports.ListedTwoFiles()]);

        Golden.AssertMatches("gemini.json", contents);
        JsonArray parts = contents[0]!["parts"]!.AsArray();
        Assert.Equal("model", (string?)contents[0]!["role"]);
        Assert.True((bool?)parts[0]!["thought"]);
        Assert.Equal("Checking which functions are covered by tests.", (string?)parts[1]!["text"]);
        Assert.StartsWith("CtwBAVSoXO6", (string?)parts[1]!["thoughtSignature"], StringComparison.Ordinal);
        Assert.Equal("script", (string?)parts[2]!["functionCall"]!["name"]);
        Assert.Equal(message.Blocks[0].Source, (string?)parts[2]!["functionCall"]!["args"]!["script"]);
        JsonObject response = contents[1]!["parts"]![0]!["functionResponse"]!.AsObject();
        Assert.Equal("user", (string?)contents[1]!["role"]);
        Assert.Equal((string?)parts[2]!["functionCall"]!["id"], (string?)response["id"]);
        Assert.StartsWith("status: completed", (string?)response["response"]!["output"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_script_goes_back_as_the_function_response_error()
    {
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(Examples.Read("gemini-generate-content.json")));

        JsonArray contents = ConversationSerializer.Serialize(ProviderFormats.Gemini, message, [SampleReports.ReadmeMissing()]);

        JsonObject response = contents[1]!["parts"]![0]!["functionResponse"]!["response"]!.AsObject();
        Assert.Null(response["output"]);
        Assert.StartsWith("status: failed", (string?)response["error"], StringComparison.Ordinal);
    }

    [Fact]
    public void Gemini_thinking_written_for_another_provider_stays_text_and_its_signature_is_dropped()
    {
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(Examples.Read("gemini-generate-content.json")));

        JsonArray messages = ConversationSerializer.Serialize(ProviderFormats.AnthropicMessages, message, [new ScriptRunReport(ScriptRunStatus.Completed)]);

        string json = messages.ToJsonString();
        Assert.DoesNotContain("thoughtSignature", json, StringComparison.Ordinal);
        Assert.Contains("<thinking>**Checking test coverage**", (string?)messages[0]!["content"]![0]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_tool_declaration_fits_gemini_function_declarations()
    {
        JsonObject tool = ProviderFormats.Gemini.DeclareScriptTool();

        Assert.Equal("script", (string?)tool["name"]);
        Assert.Null(tool["parameters"]!["additionalProperties"]);
        Assert.Equal("string", (string?)tool["parameters"]!["properties"]!["script"]!["type"]);
    }
}
