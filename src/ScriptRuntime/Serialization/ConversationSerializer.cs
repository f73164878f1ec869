using System.Text;
using System.Text.Json.Nodes;
using ScriptHarness.ScriptRuntime.Parsing;
using ScriptHarness.ScriptRuntime.Providers;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>
/// Turns a model message and the reports of its scripts into the conversation items a provider
/// expects next: first everything the model wrote, in order (thinking, text, each script as a
/// call of the <c>script</c> tool whose input is the source, and the model's own structured tool
/// calls as written), then one tool output per script. The provider's
/// <see cref="IProviderFormat.WriteFollowUp"/> gives the shape.
/// </summary>
/// <remarks>
/// The outputs come after all of the model's text because the model wrote all of it before any
/// script ran. Thinking goes back verbatim to the provider it came from (a Responses reasoning
/// item, an Anthropic thinking block with its signature, a Gemini thought part); thinking the
/// target cannot take back (inline <c>&lt;thinking&gt;</c> spans, or another provider's) stays in
/// the text as a <c>&lt;thinking&gt;</c> span. Structured calls get no output here: the caller
/// executes them (<see cref="DetectedMessage.ToolCalls"/>) and appends their outputs.
/// </remarks>
public static class ConversationSerializer
{
    /// <summary>The items (Responses), messages (Chat Completions, Anthropic) or contents (Gemini) to append to the conversation.</summary>
    /// <param name="format">The target provider.</param>
    /// <param name="message">The detected model message.</param>
    /// <param name="reports">Reports of the blocks that ran, in block order; missing ones are refused or not run (see <see cref="ScriptReports.Align"/>).</param>
    /// <param name="options">Call ids and provider details.</param>
    public static JsonArray Serialize(
        IProviderFormat format,
        DetectedMessage message,
        IReadOnlyList<ScriptRunReport> reports,
        SerializationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(message);
        options ??= SerializationOptions.Default;
        return format.WriteFollowUp(Elements(format, message, ScriptReports.Align(message, reports), options), options);
    }

    /// <summary>The call id of a block under <paramref name="options"/>.</summary>
    public static string CallId(ScriptBlock block, SerializationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        return $"{(options ?? SerializationOptions.Default).CallIdPrefix}{block.Index + 1}";
    }

    /// <summary>What the model wrote, in order, with each script's output, as <paramref name="format"/> takes it back.</summary>
    public static IReadOnlyList<FollowUpElement> Elements(
        IProviderFormat format, DetectedMessage message, IReadOnlyList<ScriptRunReport> reports, SerializationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reports);
        options ??= SerializationOptions.Default;
        var elements = new List<FollowUpElement>();
        var text = new StringBuilder();
        int? firstFailure = null;

        void Flush()
        {
            string run = text.ToString().Trim();
            if (run.Length > 0)
            {
                elements.Add(new FollowUpText(run));
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
                case ThinkingSegment { Thinking: var thinking } when format.TakesBack(thinking, options):
                    Flush();
                    elements.Add(new FollowUpThinking(thinking));
                    break;
                case ThinkingSegment { Thinking: var thinking }:
                    text.Append(thinking.Raw ?? (thinking.Text.Length > 0 ? $"<thinking>{thinking.Text}</thinking>\n" : string.Empty));
                    break;
                case ToolCallSegment call:
                    Flush();
                    elements.Add(new FollowUpToolCall(call.Call.Source == format ? call.Call : call.Call with { Original = null }));
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

                    elements.Add(new FollowUpScript(block, CallId(block, options), output, isError));
                    break;
            }
        }

        Flush();
        return elements;
    }
}
