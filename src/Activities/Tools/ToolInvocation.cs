using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptHarness.Activities.Tools;

/// <summary>
/// The input of a tool activity. The orchestration layer fills it: an activity context carries
/// neither the call sequence nor the workspace.
/// </summary>
/// <param name="IdempotencyKey">Stable across retries of the same call: the instance id plus the call sequence.</param>
/// <param name="CallId">
/// The call's id: its 1-based position in the script run (the HTTP API's <c>callId</c>). Serialized
/// as <c>CallSeq</c>, the name runs already in a history carry.
/// </param>
/// <param name="Workspace">Absolute path of the run's workspace directory on the worker.</param>
/// <param name="Args">The single argument object the script passed.</param>
/// <param name="AllowNetwork">Whether the call may reach the network (exec's sandbox shares the host network only then); set from the policy.</param>
public sealed record ToolInvocation(string IdempotencyKey, [property: JsonPropertyName("CallSeq")] int CallId, string Workspace, JsonElement Args, bool AllowNetwork = false)
{
    /// <summary>
    /// How long this attempt may run, in milliseconds, when the tool's retry policy limits it; the
    /// activity then fails with <c>attempt-timeout</c> (a transient failure the policy retries) and
    /// drops whatever the tool returns later. Null (omitted from JSON): no limit of its own.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AttemptTimeoutMs { get; init; }

    /// <summary>The idempotency key of call <paramref name="callId"/> of the run <paramref name="instanceId"/>: <c>instanceId:callId</c>.</summary>
    public static string KeyOf(string instanceId, int callId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{instanceId}:{callId}");

    /// <summary>Whether this invocation is call <see cref="CallId"/> of the run <paramref name="instanceId"/> (a script run's own call, not another caller's).</summary>
    public bool IsCallOf(string instanceId) => string.Equals(this.IdempotencyKey, KeyOf(instanceId, this.CallId), StringComparison.Ordinal);
}
