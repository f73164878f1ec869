using Microsoft.AspNetCore.Http.HttpResults;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Http.Endpoints;

/// <summary><c>POST /api/runs/{id}/rollback</c>: undo a finished run's edits as a durable run of its own.</summary>
internal static class RollbackEndpoints
{
    public static RouteGroupBuilder MapRollback(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/api/runs").WithTags("Runs");
        group.AddEndpointFilter<RouteIdFilter>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapPost("/{id}/rollback", RollbackAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RollbackRun")
            .WithSummary("Undo a finished run's applyPatch edits, newest first, all or nothing, as a new durable run under the run's approval policy; a file changed since is a patch-conflict in that run's report. 409 run-not-finished, nothing-to-roll-back, rollback-incomplete.");
        return group;
    }

    private static async Task<Results<Accepted<RollbackResponse>, ProblemHttpResult>> RollbackAsync(string id, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        try
        {
            RollbackStart started = await runs.StartRollbackAsync(id, cancellationToken).ConfigureAwait(false);
            string url = $"/api/runs/{Uri.EscapeDataString(started.RunInstanceId)}";
            return TypedResults.Accepted(url, new RollbackResponse(started.RollbackOf, started.RunInstanceId, started.TurnInstanceId, started.Calls, started.AlreadyStarted, url));
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }
}

/// <summary>The answer of <c>POST /api/runs/{id}/rollback</c>.</summary>
/// <param name="RollbackOf">The run whose edits are undone.</param>
/// <param name="RunId">The rollback run; poll it like any run (it may wait for approval).</param>
/// <param name="TurnId">The turn holding the rollback run.</param>
/// <param name="Calls">The applyPatch calls undone, newest first.</param>
/// <param name="AlreadyStarted">Whether the same rollback was already running or had completed.</param>
/// <param name="Url">The rollback run's URL.</param>
internal sealed record RollbackResponse(string RollbackOf, string RunId, string TurnId, IReadOnlyList<int> Calls, bool AlreadyStarted, string Url);
