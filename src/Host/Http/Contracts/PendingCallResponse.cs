using System.Text.Json.Nodes;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Http.Contracts;

/// <summary>A call that waits for someone, as <c>GET /api/runs/{id}</c> and <c>status ID</c> show it.</summary>
/// <param name="CallId">The call sequence number (1-based).</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Args">The arguments as a JSON value; when they were cut at 2 KiB (<see cref="ArgsTruncated"/>), the cut text as a JSON string.</param>
/// <param name="ArgsTruncated">Whether <paramref name="Args"/> was cut (the history has the arguments whole).</param>
/// <param name="Kind">Whether it waits for a decision (<c>approval</c>) or a posted result (<c>result</c>).</param>
/// <param name="Reason">Why the policy asked (empty for host-resolved results).</param>
/// <param name="ExpiresAt">When the wait expires.</param>
/// <param name="Line">1-based line of the call in the script, when known.</param>
internal sealed record PendingCallResponse(
    int CallId,
    string Tool,
    JsonNode? Args,
    bool ArgsTruncated,
    PendingKind Kind,
    string Reason,
    DateTime ExpiresAt,
    int? Line)
{
    /// <summary>The wire view of <paramref name="call"/>.</summary>
    public static PendingCallResponse From(PendingCall call) =>
        new(call.CallId, call.Tool, PendingArguments.Of(call), call.ArgsTruncated, call.Kind, call.Reason, call.ExpiresAt, call.Line);
}
