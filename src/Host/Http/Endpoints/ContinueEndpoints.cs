using Microsoft.AspNetCore.Http.HttpResults;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Host.Turns;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Http.Endpoints;

/// <summary>
/// <c>POST /api/runs/{id}/continue</c>: start a turn whose first run continues the finished run
/// with a corrected script, reusing its completed calls while the script repeats them.
/// </summary>
internal static class ContinueEndpoints
{
    public static RouteHandlerBuilder MapContinue(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/api/runs/{id}/continue", ContinueAsync)
            .WithTags("Runs")
            .AddEndpointFilter<RouteIdFilter>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ContinueRun")
            .WithSummary("Continue a finished run with a corrected script: calls equal to the run's completed ones (in order, until the first difference) are reused, not run again; 409 run-not-finished while it runs.");

    private static async Task<Results<Accepted<TurnAccepted>, ProblemHttpResult>> ContinueAsync(
        string id,
        ContinueBody body,
        TurnParser parser,
        ScriptRunClient runs,
        CancellationToken cancellationToken)
    {
        if (!TurnBodyReader.TryCheck(body.Output, body.Provider, "output is required: the corrected script or the model's text as a string, or the provider's JSON response as an object.", out BodyOutput? output, out ProblemHttpResult? invalid))
        {
            return invalid;
        }

        if (TextFields.NameProblem(body.TurnId, "turnId") is { } turnProblem)
        {
            return Problems.Field("turnId", turnProblem);
        }

        if (TextFields.NameProblem(body.Model, "model") is { } modelProblem)
        {
            return Problems.Field("model", modelProblem);
        }

        ParsedTurn turn = parser.Parse(output, scriptAllowed: true, out string text);
        if (turn.Error is not null)
        {
            return TurnBodyReader.ParseProblem(turn);
        }

        if (turn.NoScript)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "no-script", "output holds no script to continue the run with.", "output");
        }

        ContinueRequest request = new(turn.Scripts)
        {
            TurnId = body.TurnId,
            Provider = turn.FormatName,
            Output = text,
            Model = body.Model,
            Policy = body.Policy,
            Mode = body.Mode,
            ApprovalExpiry = body.ApprovalExpiry,
        };
        try
        {
            TurnStart started = await runs.ContinueRunAsync(id, request, cancellationToken).ConfigureAwait(false);
            return TurnBodyReader.Accepted(started);
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }
}
