using System.Globalization;

namespace ScriptHarness.Extensions.AI.Conversation;

/// <summary>
/// The ids an approval request carries in the conversation: <c>scriptharness:&lt;run id&gt;:&lt;call id&gt;</c>.
/// They are the only state a resume needs: the run (and from it the turn) lives in the durable
/// store, so an app can persist the conversation and answer it hours later in another process.
/// </summary>
internal static class ApprovalIds
{
    private const string Prefix = "scriptharness:";

    public static string Format(string runId, int callId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{runId}:{callId}");

    /// <summary>Reads an id written by <see cref="Format"/>; false for any other id (another middleware's request).</summary>
    public static bool TryParse(string? id, out string runId, out int callId)
    {
        runId = string.Empty;
        callId = 0;
        if (id is null || !id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int colon = id.LastIndexOf(':');
        if (colon <= Prefix.Length ||
            !int.TryParse(id.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out callId) ||
            callId < 1)
        {
            return false;
        }

        runId = id[Prefix.Length..colon];
        return true;
    }
}
