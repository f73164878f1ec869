using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.Tests.ScriptRuntime.Providers;

/// <summary>
/// Seed I4 at this layer: a message holding structured tool calls and a script. The script is a
/// block to run; the structured calls are kept in place and handed back in the follow-up, in their
/// original order, in every format.
/// </summary>
public class StructuredCallTests
{
    public static TheoryData<string> Formats() => ["openai-responses", "openai-chat", "anthropic", "gemini"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void I4_structured_calls_are_read_in_order_beside_the_script(string format)
    {
        ModelOutput output = ModelOutputReader.Read(Examples.Read("structured-and-script", format + ".json"));
        DetectedMessage message = ScriptDetector.Detect(output);

        Assert.Equal(format, output.FormatName);
        Assert.Single(message.Blocks);
        Assert.Collection(
            message.ToolCalls,
            c =>
            {
                Assert.Equal("lookup_style_guide", c.Name);
                Assert.Equal("python docstrings", (string?)c.Arguments["topic"]);
            },
            c =>
            {
                Assert.Equal("file_issue", c.Name);
                Assert.Equal("farewell has no test", (string?)c.Arguments["title"]);
            });
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void I4_the_follow_up_holds_the_script_call_and_output_and_hands_the_structured_calls_back_unanswered(string format)
    {
        IProviderFormat target = ProviderFormats.Find(format)!;
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(Examples.Read("structured-and-script", format + ".json")));

        JsonArray items = ConversationSerializer.Serialize(target, message, [new ScriptRunReport(ScriptRunStatus.Completed)]);

        // The model's calls, script included, in the order written: the script sits between the two structured calls
        // (Chat Completions puts every call after the text, so there the script comes first).
        string[] expected = format == "openai-chat"
            ? ["script", "lookup_style_guide", "file_issue"]
            : ["lookup_style_guide", "script", "file_issue"];
        Assert.Equal(expected, CallNames(format, items));

        // Exactly one output: the script's. The caller answers the structured calls.
        Assert.Equal(1, OutputCount(format, items));
    }

    [Fact]
    public void A_structured_call_written_for_another_provider_is_rebuilt_in_that_provider_shape()
    {
        DetectedMessage message = ScriptDetector.Detect(ModelOutputReader.Read(Examples.Read("structured-and-script", "anthropic.json")));

        JsonArray items = ConversationSerializer.Serialize(ProviderFormats.OpenAIResponses, message, [new ScriptRunReport(ScriptRunStatus.Completed)]);

        JsonObject call = items.OfType<JsonObject>().First(i => (string?)i["name"] == "lookup_style_guide");
        Assert.Equal("function_call", (string?)call["type"]);
        Assert.Equal("toolu_lookup_style", (string?)call["call_id"]);
        Assert.Equal("python docstrings", (string?)JsonNode.Parse((string)call["arguments"]!)!["topic"]);
    }

    [Fact]
    public void Arguments_that_are_not_json_reach_the_caller_as_the_model_wrote_them()
    {
        ModelOutput output = ModelOutputReader.Read(
            """{"object":"response","output":[{"type":"function_call","call_id":"c1","name":"f","arguments":"{not json"}]}""");

        ToolCallPart call = Assert.IsType<ToolCallPart>(Assert.Single(output.Parts));
        Assert.Equal("{not json", call.Arguments.GetValue<string>());
    }

    private static List<string?> CallNames(string format, JsonArray items) => format switch
    {
        "openai-responses" => [.. items.OfType<JsonObject>().Where(i => (string?)i["type"] == "function_call").Select(i => (string?)i["name"])],
        "openai-chat" => [.. items[0]!["tool_calls"]!.AsArray().Select(c => (string?)c!["function"]!["name"])],
        "anthropic" => [.. items[0]!["content"]!.AsArray().Where(b => (string?)b!["type"] == "tool_use").Select(b => (string?)b!["name"])],
        _ => [.. items[0]!["parts"]!.AsArray().Where(p => p!["functionCall"] is not null).Select(p => (string?)p!["functionCall"]!["name"])],
    };

    private static int OutputCount(string format, JsonArray items) => format switch
    {
        "openai-responses" => items.Count(i => (string?)i!["type"] == "function_call_output"),
        "openai-chat" => items.Count(m => (string?)m!["role"] == "tool"),
        "anthropic" => items.Skip(1).Sum(m => m!["content"]!.AsArray().Count(b => (string?)b!["type"] == "tool_result")),
        _ => items.Skip(1).Sum(c => c!["parts"]!.AsArray().Count(p => p!["functionResponse"] is not null)),
    };
}
