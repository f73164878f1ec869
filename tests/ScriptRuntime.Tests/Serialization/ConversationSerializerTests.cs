using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.Tests.ScriptRuntime.Serialization;

public class ConversationSerializerTests
{
    [Fact]
    public void Responses_golden_keeps_reasoning_text_and_scripts_then_gives_each_output()
    {
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(ProviderSamples.Responses));

        JsonArray items = ConversationSerializer.Serialize(
            ProviderFormats.OpenAIResponses, message, [SampleReports.ListedTwoFiles(), SampleReports.ReadmeMissing()]);

        Golden.AssertMatches("openai-responses.json", items);
    }

    [Fact]
    public void Chat_completions_golden_puts_scripts_in_tool_calls_and_outputs_in_tool_messages()
    {
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(ProviderSamples.ChatCompletions));

        JsonArray messages = ConversationSerializer.Serialize(
            ProviderFormats.OpenAIChatCompletions, message, [SampleReports.ListedTwoFiles(), SampleReports.ReadmeMissing()]);

        Golden.AssertMatches("openai-chat-completions.json", messages);
    }

    [Fact]
    public void Anthropic_golden_keeps_signed_thinking_and_answers_every_tool_use()
    {
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(ProviderSamples.Anthropic));
        ScriptValidation typed = ScriptValidator.Validate(message.Blocks[1].Source);

        JsonArray messages = ConversationSerializer.Serialize(
            ProviderFormats.AnthropicMessages,
            message,
            [SampleReports.ReturnedNothingWithSpawn(), ScriptReports.Refused(typed.Error!)],
            new SerializationOptions { CallIdPrefix = "toolu_t1_script_" });

        Golden.AssertMatches("anthropic-messages.json", messages);
    }

    [Fact]
    public void F13_Every_script_call_is_answered_by_one_output_with_the_same_id()
    {
        DetectedMessage message = ScriptDetector.Detect(ProviderSamples.Text);

        JsonArray items = ConversationSerializer.Serialize(ProviderFormats.OpenAIResponses, message, [SampleReports.ListedTwoFiles()]);

        string[] calls = items.Where(i => (string?)i!["type"] == "function_call").Select(i => (string)i!["call_id"]!).ToArray();
        string[] outputs = items.Where(i => (string?)i!["type"] == "function_call_output").Select(i => (string)i!["call_id"]!).ToArray();
        Assert.Equal(["call_script_1", "call_script_2", "call_script_3"], calls);
        Assert.Equal(calls, outputs);
        Assert.Equal(ProviderSamples.Script1, (string)JsonNode.Parse((string)items[1]!["arguments"]!)!["script"]!);
    }

    [Fact]
    public void F20_Blocks_after_a_failing_block_are_reported_as_not_run()
    {
        DetectedMessage message = ScriptDetector.Detect(ProviderSamples.Text);

        JsonArray messages = ConversationSerializer.Serialize(
            ProviderFormats.OpenAIChatCompletions, message, [SampleReports.ListedTwoFiles(), SampleReports.ReadmeMissing()]);

        Assert.Equal(4, messages.Count);
        Assert.Equal(
            "status: not-run\nThis script did not run because script 2 of this message failed.",
            (string)messages[3]!["content"]!);
    }

    [Fact]
    public void A_block_with_a_parse_error_is_answered_with_that_error_without_running()
    {
        DetectedMessage message = ScriptDetector.Detect("Try:\n<tool-calls>\nreturn 1;");

        JsonArray messages = ConversationSerializer.Serialize(ProviderFormats.AnthropicMessages, message, []);

        JsonObject result = messages[1]!["content"]![0]!.AsObject();
        Assert.True((bool)result["is_error"]!);
        Assert.StartsWith("status: failed\nerror: parse (not retryable): The <tool-calls> tag", (string)result["content"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void F02_A_message_without_scripts_keeps_its_text_and_needs_no_outputs()
    {
        JsonArray messages = ConversationSerializer.Serialize(
            ProviderFormats.OpenAIChatCompletions, ScriptDetector.Detect("Just an answer with `<tool-calls>` in code."), []);

        JsonObject assistant = Assert.IsType<JsonObject>(Assert.Single(messages));
        Assert.Equal("Just an answer with `<tool-calls>` in code.", (string)assistant["content"]!);
        Assert.False(assistant.ContainsKey("tool_calls"));
    }

    [Fact]
    public void Chat_reasoning_can_go_back_in_a_named_field()
    {
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(ProviderSamples.ChatCompletions));

        JsonArray messages = ConversationSerializer.Serialize(
            ProviderFormats.OpenAIChatCompletions, message, [], new SerializationOptions { ChatReasoningField = "reasoning_content" });

        Assert.Equal("List the files first.", (string)messages[0]!["reasoning_content"]!);
        Assert.DoesNotContain("<thinking>", (string)messages[0]!["content"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void More_reports_than_blocks_is_refused()
    {
        DetectedMessage message = ScriptDetector.Detect("<tool-calls>return 1</tool-calls>");

        Assert.Throws<ArgumentException>(() => ConversationSerializer.Serialize(
            ProviderFormats.OpenAIResponses, message, [new ScriptRunReport(ScriptRunStatus.Completed), new ScriptRunReport(ScriptRunStatus.Completed)]));
    }

    [Theory]
    [InlineData("openai-responses", "parameters")]
    [InlineData("openai-chat", "function")]
    [InlineData("anthropic", "input_schema")]
    [InlineData("gemini", "parameters")]
    public void The_script_tool_is_declared_in_each_provider_shape(string format, string key)
    {
        JsonObject tool = ScriptToolDefinitions.For(ProviderFormats.Find(format)!);

        Assert.True(tool.ContainsKey(key));
        Assert.Contains("\"script\"", tool.ToJsonString(), StringComparison.Ordinal);
    }
}
