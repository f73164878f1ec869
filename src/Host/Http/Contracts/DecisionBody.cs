using System.Text.Json;
using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Host.Http.Contracts;

/// <summary>The body of <c>POST /api/runs/{id}/approvals/{callId}</c>.</summary>
/// <param name="Decision"><c>approve</c> or <c>deny</c> (required).</param>
/// <param name="Reason">Why; on denial the script's error carries it.</param>
/// <param name="Scope"><c>call</c> (default) or <c>run</c>.</param>
/// <param name="DecidedBy">Who decided, as the caller claims it (the history also records the API key's id).</param>
internal sealed record DecisionBody(DecisionVerdict? Decision, string? Reason = null, DecisionScope? Scope = null, string? DecidedBy = null);

/// <summary>One decision of <c>POST /api/runs/{id}/approvals</c>.</summary>
/// <param name="CallId">The call.</param>
/// <param name="Decision"><c>approve</c> or <c>deny</c>.</param>
/// <param name="Reason">Why.</param>
/// <param name="Scope"><c>call</c> or <c>run</c>.</param>
/// <param name="DecidedBy">Who decided.</param>
internal sealed record BatchDecision(int? CallId, DecisionVerdict? Decision, string? Reason = null, DecisionScope? Scope = null, string? DecidedBy = null);

/// <summary>The body of <c>POST /api/runs/{id}/approvals</c>: several decisions, all checked before any is delivered.</summary>
/// <param name="Decisions">The decisions.</param>
internal sealed record BatchDecisionBody(IReadOnlyList<BatchDecision>? Decisions);

/// <summary>What happened to a decision.</summary>
/// <param name="CallId">The call.</param>
/// <param name="Outcome"><c>delivered</c>, or <c>already-decided</c> (the same decision was made before: nothing was sent).</param>
internal sealed record DecisionAccepted(int CallId, string Outcome);

/// <summary>The body of <c>POST /api/runs/{id}/calls/{callId}/result</c>.</summary>
/// <param name="Result">The host-resolved call's result, when it succeeded.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="DecidedBy">Who answered.</param>
internal sealed record CallResultBody(JsonElement? Result, string? Error = null, string? DecidedBy = null);

/// <summary>The optional body of <c>POST /api/runs/{id}/terminate</c>.</summary>
/// <param name="Reason">Why the run is stopped; the report's error carries it.</param>
/// <param name="RequestedBy">Who asked.</param>
internal sealed record TerminateBody(string? Reason = null, string? RequestedBy = null);
