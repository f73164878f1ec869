using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Host.Http.Endpoints;

/// <summary>The webhooks that answer a waiting run: decisions on approvals, results of host-resolved calls.</summary>
internal static class ApprovalsEndpoints
{
    public static RouteGroupBuilder MapApprovals(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/api/runs/{id}").WithTags("Approvals");
        group.AddEndpointFilter<RouteIdFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapPost("/approvals/{callId}", DecideAsync).WithName("DecideCall")
            .WithSummary("Approve or deny a call that waits. The same decision twice is a no-op (200); a different one is 409.");
        group.MapPost("/approvals", DecideManyAsync).WithName("DecideCalls")
            .WithSummary("Decide several waiting calls at once; all are checked before any is delivered.");
        group.MapPost("/calls/{callId}/result", PostResultAsync).WithName("PostCallResult")
            .WithSummary("Answer a host-resolved call with its result or error.");
        return group;
    }

    private static async Task<Results<Ok<DecisionAccepted>, ProblemHttpResult>> DecideAsync(
        string id, int callId, DecisionBody body, HttpContext http, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        if (body.Decision is not { } verdict)
        {
            return Problems.Field("decision", "decision is required: approve or deny.");
        }

        if (TextProblem(string.Empty, body.Reason, body.DecidedBy) is { } bad)
        {
            return bad;
        }

        ApprovalDecision decision = new(verdict, body.Scope ?? DecisionScope.Call, body.Reason, body.DecidedBy, ApiKeyAuthenticationHandler.KeyIdOf(http.User));
        try
        {
            DecisionOutcome outcome = await runs.DecideAsync(id, callId, decision, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new DecisionAccepted(callId, OutcomeName(outcome)));
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<DecisionAccepted>>, ProblemHttpResult>> DecideManyAsync(
        string id, BatchDecisionBody body, HttpContext http, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        if (body.Decisions is not { Count: > 0 } decisions)
        {
            return Problems.Field("decisions", "decisions is required: at least one { callId, decision }.");
        }

        List<(int, ApprovalDecision)> checkedDecisions = [];
        for (int i = 0; i < decisions.Count; i++)
        {
            BatchDecision d = decisions[i];
            string at = string.Create(CultureInfo.InvariantCulture, $"decisions[{i}]");
            if (d.CallId is not { } callId)
            {
                return Problems.Field(at + ".callId", "callId is required.");
            }

            if (d.Decision is not { } verdict)
            {
                return Problems.Field(at + ".decision", "decision is required: approve or deny.");
            }

            if (TextProblem(at + ".", d.Reason, d.DecidedBy) is { } bad)
            {
                return bad;
            }

            checkedDecisions.Add((callId, new ApprovalDecision(verdict, d.Scope ?? DecisionScope.Call, d.Reason, d.DecidedBy, ApiKeyAuthenticationHandler.KeyIdOf(http.User))));
        }

        try
        {
            IReadOnlyList<DecisionOutcome> outcomes = await runs.DecideManyAsync(id, checkedDecisions, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok<IReadOnlyList<DecisionAccepted>>([.. outcomes.Select((o, i) => new DecisionAccepted(checkedDecisions[i].Item1, OutcomeName(o)))]);
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<DecisionAccepted>, ProblemHttpResult>> PostResultAsync(
        string id, int callId, CallResultBody body, HttpContext http, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        if (body.Result is null && string.IsNullOrWhiteSpace(body.Error))
        {
            return Problems.Field("result", "result (or error) is required.");
        }

        if (TextFields.TextProblem(body.Error, "error") is { } badError)
        {
            return Problems.Field("error", badError);
        }

        if (TextFields.NameProblem(body.DecidedBy, "decidedBy") is { } badDecider)
        {
            return Problems.Field("decidedBy", badDecider);
        }

        try
        {
            await runs.PostResultAsync(id, callId, new HostResult(body.Result, body.Error, body.DecidedBy, ApiKeyAuthenticationHandler.KeyIdOf(http.User)), cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new DecisionAccepted(callId, "delivered"));
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }

    private static ProblemHttpResult? TextProblem(string prefix, string? reason, string? decidedBy) =>
        TextFields.TextProblem(reason, prefix + "reason") is { } badReason ? Problems.Field(prefix + "reason", badReason)
        : TextFields.NameProblem(decidedBy, prefix + "decidedBy") is { } badDecider ? Problems.Field(prefix + "decidedBy", badDecider)
        : null;

    private static string OutcomeName(DecisionOutcome outcome) => outcome == DecisionOutcome.Delivered ? "delivered" : "already-decided";
}
