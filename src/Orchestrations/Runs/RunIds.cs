using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// Instance ids derived from (conversation id, turn id) and the block index, so a repeated trigger
/// names the same instances. Ids are a hash (conversation and turn ids may hold characters that
/// stores refuse in keys), prefixed so that a turn's runs share its id as a prefix.
/// </summary>
public static class RunIds
{
    /// <summary>The prefix of every id this harness makes.</summary>
    public const string Prefix = "sh-";

    // Between a turn's id and a block index in a run's id.
    private const string BlockMarker = "-b";

    /// <summary>The turn orchestration's instance id: <c>sh-</c> and 20 hex digits.</summary>
    public static string Turn(string conversationId, string turnId)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(turnId);
        string material = string.Create(CultureInfo.InvariantCulture, $"{conversationId.Length}:{conversationId}|{turnId.Length}:{turnId}");
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(material));
        return Prefix + Convert.ToHexStringLower(hash, 0, 10);
    }

    /// <summary>The run of block <paramref name="blockIndex"/> of a turn: the turn's id and <c>-b</c> and the index.</summary>
    public static string Run(string conversationId, string turnId, int blockIndex) => Run(Turn(conversationId, turnId), blockIndex);

    /// <summary>The run of block <paramref name="blockIndex"/> of the turn <paramref name="turnInstanceId"/>.</summary>
    public static string Run(string turnInstanceId, int blockIndex)
    {
        ArgumentException.ThrowIfNullOrEmpty(turnInstanceId);
        ArgumentOutOfRangeException.ThrowIfNegative(blockIndex);
        return string.Create(CultureInfo.InvariantCulture, $"{turnInstanceId}{BlockMarker}{blockIndex}");
    }

    /// <summary>The turn a run id belongs to (the part before its last <c>-b</c>); an id without one is returned as is.</summary>
    public static string TurnOf(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        int at = runId.LastIndexOf(BlockMarker, StringComparison.Ordinal);
        return at > 0 ? runId[..at] : runId;
    }

    /// <summary>The block index a run id carries (<c>…-b2</c>), else <paramref name="fallback"/>.</summary>
    public static int BlockOf(string runId, int fallback)
    {
        ArgumentNullException.ThrowIfNull(runId);
        int at = runId.LastIndexOf(BlockMarker, StringComparison.Ordinal);
        return at > 0 && int.TryParse(runId.AsSpan(at + BlockMarker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int block) ? block : fallback;
    }

    /// <summary>The idempotency key of call <paramref name="callId"/> of a run: <c>instanceId:callId</c>.</summary>
    public static string IdempotencyKey(string instanceId, int callId) => ToolInvocation.KeyOf(instanceId, callId);

    /// <summary>A SHA-256 of the scripts of a turn, to tell a repeated trigger from a conflicting one.</summary>
    public static string ContentHash(IEnumerable<string> scripts)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        StringBuilder material = new();
        foreach (string script in scripts)
        {
            material.Append(script.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(script).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToString())));
    }
}
