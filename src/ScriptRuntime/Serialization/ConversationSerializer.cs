using System.Text;
using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>
/// Turns a model message and the reports of its scripts into the conversation items a provider
/// expects next: first everything the model wrote, in order (thinking, text, and each script as a
/// call of the <c>script</c> tool whose input is the source), then one tool output per script.
/// </summary>
/// <remarks>
/// The outputs come after all of the model's text because the model wrote all of it before any
/// script ran. Thinking goes back verbatim to the provider it came from (a Responses reasoning
/// item, an Anthropic thinking block with its signature); thinking the target cannot take back
/// (inline <c>&lt;thinking&gt;</c> spans, or another provider's) stays in the text as a
/// <c>&lt;thinking&gt;</c> span.
/// </remarks>
public static class ConversationSerializer
{
    /// <summary>The items (Responses), messages (Chat Completions) or messages (Anthropic) to append to the conversation.</summary>
    /// <param name="format">The target provider.</param>
    /// <param name="message">The detected model message.</param>
    /// <param name="reports">Reports of the blocks that ran, in block order; missing ones are refused or not run (see <see cref="ScriptReports.Align"/>).</param>
    /// <param name="options">Call ids and provider details.</param>
    public static JsonArray Serialize(
        ProviderFormat format,
        DetectedMessage message,
        IReadOnlyList<ScriptRunReport> reports,
        SerializationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        options ??= SerializationOptions.Default;
        List<ConversationElement> elements = Elements(format, message, ScriptReports.Align(message, reports), options);
        return format switch
        {
            ProviderFormat.OpenAIResponses => ResponsesWriter.Write(elements),
            ProviderFormat.OpenAIChatCompletions => ChatCompletionsWriter.Write(elements, options),
            ProviderFormat.AnthropicMessages => AnthropicMessagesWriter.Write(elements),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Serialization needs a provider format."),
        };
    }

    /// <summary>The call id of a block under <paramref name="options"/>.</summary>
    public static string CallId(ScriptBlock block, SerializationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        return $"{(options ?? SerializationOptions.Default).CallIdPrefix}{block.Index + 1}";
    }

    private static List<ConversationElement> Elements(
        ProviderFormat format, DetectedMessage message, IReadOnlyList<ScriptRunReport> reports, SerializationOptions options)
    {
        var elements = new List<ConversationElement>();
        var text = new StringBuilder();
        int? firstFailure = null;

        void Flush()
        {
            string run = text.ToString().Trim();
            if (run.Length > 0)
            {
                elements.Add(new TextElement(run));
            }

            text.Clear();
        }

        foreach (MessageSegment segment in message.Segments)
        {
            switch (segment)
            {
                case TextSegment t:
                    text.Append(t.Text);
                    break;
                case ThinkingSegment { Thinking: var thinking } when TakesBack(format, thinking, options):
                    Flush();
                    elements.Add(new ThinkingElement(thinking));
                    break;
                case ThinkingSegment { Thinking: var thinking }:
                    text.Append(thinking.Raw ?? (thinking.Text.Length > 0 ? $"<thinking>{thinking.Text}</thinking>\n" : string.Empty));
                    break;
                case ScriptBlock block:
                    Flush();
                    ScriptRunReport report = reports[block.Index];
                    string output = ModelReportFormatter.Format(report, report.Status == ScriptRunStatus.NotRun ? firstFailure : null);
                    bool isError = report.Status != ScriptRunStatus.Completed;
                    if (isError && report.Status != ScriptRunStatus.NotRun)
                    {
                        firstFailure ??= block.Index + 1;
                    }

                    elements.Add(new CallElement(block, CallId(block, options), output, isError));
                    break;
            }
        }

        Flush();
        return elements;
    }

    private static bool TakesBack(ProviderFormat format, ThinkingPart thinking, SerializationOptions options) =>
        thinking.Source == format && (thinking.Original is not null ||
            (format == ProviderFormat.OpenAIChatCompletions && options.ChatReasoningField is not null));

    /// <summary>The JSON arguments of the <c>script</c> call: <c>{"script": source}</c>.</summary>
    internal static JsonObject Arguments(ScriptBlock block) => new() { [ScriptToolName.Argument] = block.Source };
}
