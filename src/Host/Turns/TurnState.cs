using System.Text.Json.Nodes;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Turns;

/// <summary>
/// A turn as <c>GET /api/turns/{id}</c> and <c>run --follow-up</c> give it: where it is, and once
/// its runs have all finished, the items to append to the conversation in the provider's shape.
/// </summary>
/// <param name="TurnId">The turn's instance id.</param>
/// <param name="State"><c>completed</c> (every script completed), <c>failed</c> (one did not: its report says why), <c>paused</c> (a run waits for a decision or a result) or <c>running</c>.</param>
internal sealed record TurnState(string TurnId, string State)
{
    /// <summary>The wire name of the shape of <see cref="Items"/>; <c>text</c> when the turn was plain text and no shape was asked for.</summary>
    public string Provider { get; init; } = "text";

    /// <summary>
    /// Once finished: the items (Responses), messages (Chat Completions, Anthropic) or contents
    /// (Gemini) to append: the model's thinking and text kept, each script as a call of the
    /// <c>script</c> tool, the model's structured calls as written, in order, then each script's
    /// report as that call's output. Null while the turn runs, and for a plain-text turn without
    /// a requested shape.
    /// </summary>
    public JsonArray? Items { get; init; }

    /// <summary>The model's structured tool calls, in their original order: the caller executes them and appends their outputs.</summary>
    public IReadOnlyList<HandedBackCall> ToolCalls { get; init; } = [];

    /// <summary>While <c>paused</c>: every call that waits, with where to answer it.</summary>
    public IReadOnlyList<TurnPendingCall> Pending { get; init; } = [];

    /// <summary>The turn's runs, one per script block, in order.</summary>
    public IReadOnlyList<RunLinks> Runs { get; init; } = [];
}

/// <summary>A structured tool call of the model, handed back for the caller to execute.</summary>
/// <param name="CallId">The provider's call id (null when the provider gave none).</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Arguments">Its arguments as JSON.</param>
internal sealed record HandedBackCall(string? CallId, string Name, JsonNode Arguments);

/// <summary>A call of a paused turn that waits for someone.</summary>
/// <param name="Block">The script block whose run waits.</param>
/// <param name="RunId">That run's instance id.</param>
/// <param name="CallId">The call's id in its run.</param>
/// <param name="Tool">The tool.</param>
/// <param name="Arguments">The arguments as JSON (a JSON string when they were cut at 2 KiB; the history has them whole).</param>
/// <param name="Kind"><c>approval</c> (a decision) or <c>result</c> (a host-resolved result).</param>
/// <param name="Reason">Why the policy asked.</param>
/// <param name="ExpiresAt">When the wait expires.</param>
/// <param name="ApprovalUrl">Where to post the decision (or, for a result, append <c>/result</c> under <c>calls/{callId}</c>).</param>
internal sealed record TurnPendingCall(int Block, string RunId, int CallId, string Tool, JsonNode? Arguments, PendingKind Kind, string Reason, DateTime ExpiresAt, string ApprovalUrl);
