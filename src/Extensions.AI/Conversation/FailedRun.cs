using System.Text.Json;
using Microsoft.Extensions.AI;
using ScriptHarness.ScriptRuntime.Serialization;

namespace ScriptHarness.Extensions.AI.Conversation;

/// <summary>
/// The failed run a new answer continues: the conversation ends with the reports of a script
/// round (the <c>tool</c> message) and one of them says <c>status: failed</c>. The report's call
/// id is the run's id, so like a resume this needs nothing but the conversation. A new user
/// message after the report means the model answers something else: its script starts a fresh
/// run (a continued run would reuse results the user may have just made stale).
/// </summary>
internal static class FailedRun
{
    private const string FailedStatus = "status: failed";

    /// <summary>The id of the failed run the conversation ends with, or null.</summary>
    public static string? Find(IReadOnlyList<ChatMessage> history)
    {
        if (history.Count == 0 || history[^1] is not { Role: var role } last || role != ChatRole.Tool)
        {
            return null;
        }

        HashSet<string> scriptCalls = [.. history.Where(m => m.Role == ChatRole.Assistant)
            .SelectMany(m => m.Contents.OfType<FunctionCallContent>())
            .Where(c => c.Name == ScriptToolName.Name)
            .Select(c => c.CallId)];

        // Blocks after the failed one did not run (status: not-run); the first failed block is the run to continue.
        return last.Contents.OfType<FunctionResultContent>()
            .FirstOrDefault(r => scriptCalls.Contains(r.CallId) && ReportOf(r)?.StartsWith(FailedStatus, StringComparison.Ordinal) == true)
            ?.CallId;
    }

    // A report is a string; a conversation read back from JSON holds it as a JSON string.
    private static string? ReportOf(FunctionResultContent result) => result.Result switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        _ => null,
    };
}
