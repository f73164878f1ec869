using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using ScriptHarness.Extensions.AI.Streaming;
using ScriptHarness.Extensions.AI.Turns;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.Extensions.AI.Conversation;

/// <summary>
/// How scripts, reports and approvals are written into a Microsoft.Extensions.AI conversation.
/// The model's text is kept as it wrote it (scripts included, so streamed text and history agree);
/// each block is a <c>script</c> function call whose id is its run id and whose argument names
/// the block, and its report is that call's result. Approval requests and answers are ours alone:
/// they are never sent to the model.
/// </summary>
internal static class ConversationShapes
{
    /// <summary>The argument of the <c>script</c> call: the 0-based block of the message text.</summary>
    public const string BlockArgument = "block";

    public static FunctionCallContent ScriptCall(string runId, int block) =>
        new(runId, ScriptToolName.Name, new Dictionary<string, object?> { [BlockArgument] = block });

    public static ChatMessage Results(IReadOnlyList<BlockResult> blocks) =>
        new(ChatRole.Tool, [.. blocks.Select(b => (AIContent)new FunctionResultContent(b.CallId, b.Report))]);

    public static ChatMessage ApprovalRequests(IReadOnlyList<PendingApproval> pending) =>
        new(ChatRole.Assistant, [.. pending.Select(ApprovalRequest)]);

    public static ToolApprovalRequestContent ApprovalRequest(PendingApproval pending)
    {
        string id = ApprovalIds.Format(pending.RunId, pending.Call.CallId);
        FunctionCallContent call = new(id, pending.Call.Tool, Arguments(pending.Call.Args, pending.Call.ArgsTruncated));
        return new ToolApprovalRequestContent(id, call)
        {
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                ["reason"] = pending.Call.Reason,
                ["expiresAt"] = pending.Call.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
                ["runId"] = pending.RunId,
                ["callId"] = pending.Call.CallId,
            },
        };
    }

    /// <summary>The conversation as the model gets it: our instructions first, our approval and progress contents left out.</summary>
    public static List<ChatMessage> ForModel(IEnumerable<ChatMessage> history, string instructions)
    {
        List<ChatMessage> result = [new ChatMessage(ChatRole.System, instructions)];
        foreach (ChatMessage message in history)
        {
            if (!message.Contents.Any(IsOurs))
            {
                result.Add(message);
                continue;
            }

            List<AIContent> kept = [.. message.Contents.Where(c => !IsOurs(c))];
            if (kept.Count > 0)
            {
                ChatMessage copy = message.Clone();
                copy.Contents = kept;
                result.Add(copy);
            }
        }

        return result;
    }

    /// <summary>The last assistant message: where the scripts' calls go.</summary>
    public static ChatMessage LastAssistant(ChatResponse response)
    {
        ChatMessage? last = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant);
        if (last is null)
        {
            last = new ChatMessage(ChatRole.Assistant, []);
            response.Messages.Add(last);
        }

        return last;
    }

    private static bool IsOurs(AIContent content) => content switch
    {
        ToolApprovalRequestContent request => ApprovalIds.TryParse(request.RequestId, out _, out _),
        ToolApprovalResponseContent response => ApprovalIds.TryParse(response.RequestId, out _, out _),
        ScriptProgressContent => true,
        _ => false,
    };

    private static Dictionary<string, object?> Arguments(string json, bool truncated)
    {
        if (!truncated)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
                }
            }
            catch (JsonException)
            {
                // Shown as text below.
            }
        }

        return new Dictionary<string, object?> { ["arguments"] = json, ["truncated"] = truncated };
    }
}
