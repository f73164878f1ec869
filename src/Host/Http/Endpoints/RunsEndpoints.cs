using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.History;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Hosting;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Client.Audit;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Turns;

namespace ScriptHarness.Host.Http.Endpoints;

/// <summary><c>/api/runs</c>: a run's status and report, its history, the list of runs, terminate.</summary>
internal static class RunsEndpoints
{
    public static RouteGroupBuilder MapRuns(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/api/runs").WithTags("Runs");
        group.AddEndpointFilter<RouteIdFilter>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapGet("/", ListAsync).WithName("ListRuns").WithSummary("Runs and turns, newest first, a page at a time; filters: status, phase (awaiting-approval: what needs a human), conversation, createdFrom, createdTo.");
        group.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetRun").WithSummary("A run: status, pending approvals, the report when finished.");
        group.MapGet("/{id}/history", HistoryAsync).Produces<IReadOnlyList<DurableHistoryEvent>>().ProducesProblem(StatusCodes.Status404NotFound).WithName("GetRunHistory").WithSummary("The run's history: every call, approval, timer, the report; with view=audit, when each call was asked, decided (who, scope, reason), ran and finished.");
        group.MapPost("/{id}/terminate", TerminateAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithName("TerminateRun").WithSummary("Stop a run: gracefully with a report, or with force=true the framework's hard terminate.");
        group.MapDelete("/{id}", PurgeAsync).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithName("PurgeRun").WithSummary("Delete a finished run's (or turn's, with its runs) state and history; 409 run-not-finished while it runs.");
        return group;
    }

    private static async Task<Results<Ok<PurgeResponse>, ProblemHttpResult>> PurgeAsync(string id, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(new PurgeResponse(await runs.PurgeAsync(id, cancellationToken).ConfigureAwait(false)));
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<RunPage>, ProblemHttpResult>> ListAsync(
        ScriptRunClient runs,
        IOptions<HarnessHostOptions> host,
        string? status,
        string? phase,
        string? conversation,
        string? createdFrom,
        string? createdTo,
        int? pageSize,
        string? continuationToken,
        CancellationToken cancellationToken)
    {
        if (!RunListFilters.TryParse(status, phase, conversation, createdFrom, createdTo, out RunListQuery query, out var error))
        {
            return Problems.Field(error.Field, error.Detail);
        }

        try
        {
            RunListPage page = await runs.ListRunsAsync(query, Math.Clamp(pageSize ?? 50, 1, host.Value.Http.MaxPageSize), continuationToken, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new RunPage([.. page.Items.Select(RunSummary.From)], page.ContinuationToken));
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetAsync(string id, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        RunView? view = await runs.GetRunAsync(id, cancellationToken).ConfigureAwait(false);
        if (view is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "not-found", $"No run has id {id}.");
        }

        RunResponse response = RunResponse.From(view, baseUrl: string.Empty);
        if (view.Status is null && view.Output is null && !view.Planned)
        {
            // A turn: list its runs, one per block, so a caller holding the turn id finds them.
            if (await runs.GetTurnRunIdsAsync(id, cancellationToken).ConfigureAwait(false) is { } runIds)
            {
                response = response with { Links = null, Runs = [.. runIds.Select((runId, i) => RunLinks.For(i, runId))] };
            }
        }

        return TypedResults.Ok(response);
    }

    private static async Task<Results<JsonHttpResult<IReadOnlyList<DurableHistoryEvent>>, JsonHttpResult<RunAudit>, ProblemHttpResult>> HistoryAsync(string id, string? view, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        if (view is not null && view != "audit" && view != "events")
        {
            return Problems.Field("view", "view must be audit or events (the default).");
        }

        try
        {
            if (view == "audit")
            {
                return TypedResults.Json(await runs.GetAuditAsync(id, cancellationToken).ConfigureAwait(false), AuditJson.Options);
            }

            IReadOnlyList<DurableHistoryEvent> events = await runs.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false);
            return TypedResults.Json(events, DurableHistoryJson.Options);
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> TerminateAsync(
        string id,
        bool? force,
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] TerminateBody? body,
        HttpContext http,
        ScriptRunClient runs,
        CancellationToken cancellationToken)
    {
        if (TextFields.TextProblem(body?.Reason, "reason") is { } badReason)
        {
            return Problems.Field("reason", badReason);
        }

        if (TextFields.NameProblem(body?.RequestedBy, "requestedBy") is { } badRequester)
        {
            return Problems.Field("requestedBy", badRequester);
        }

        try
        {
            string requestedBy = body?.RequestedBy ?? ApiKeyAuthenticationHandler.KeyIdOf(http.User) ?? "unknown";
            TerminateRequest request = new(body?.Reason, requestedBy);
            await runs.TerminateAsync(id, request, force == true, cancellationToken).ConfigureAwait(false);

            return TypedResults.Accepted($"/api/runs/{Uri.EscapeDataString(id)}");
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }
}

/// <summary>The answer of <c>DELETE /api/runs/{id}</c>.</summary>
/// <param name="Purged">How many instances were deleted (a turn counts with its runs).</param>
internal sealed record PurgeResponse(int Purged);

/// <summary>A page of <c>GET /api/runs</c>.</summary>
/// <param name="Items">The runs and turns of the page.</param>
/// <param name="ContinuationToken">Pass it back for the next page; null on the last one.</param>
internal sealed record RunPage(IReadOnlyList<RunSummary> Items, string? ContinuationToken);

/// <summary>One run or turn of a list.</summary>
/// <param name="InstanceId">Its instance id.</param>
/// <param name="Name"><c>ScriptRun</c> or <c>ScriptTurn</c>.</param>
/// <param name="RuntimeStatus">Its orchestration status as the Durable Task framework spells it (Pending, Running, Suspended, Completed, Failed, Terminated): the values the status filter takes, left in the framework's casing unlike this API's kebab-case enums.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastUpdatedAt">When it last changed.</param>
/// <param name="Phase">A running run's phase (<c>running</c>, <c>awaiting-approval</c>, <c>awaiting-result</c>, <c>finishing</c>); null otherwise.</param>
/// <param name="ConversationId">The conversation it belongs to.</param>
internal sealed record RunSummary(string InstanceId, string Name, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, string? Phase, string? ConversationId)
{
    /// <summary>The run this run continues, when it continues one.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ContinuedFrom { get; init; }

    internal static RunSummary From(RunListItem m) =>
        new(m.InstanceId, m.Name, m.RuntimeStatus.ToString(), m.CreatedAt, m.LastUpdatedAt, m.Phase is { } phase ? RunListFilters.Kebab(phase) : null, m.ConversationId) { ContinuedFrom = m.ContinuedFrom };
}
