using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Host.Reports;
using ScriptHarness.Host.Turns;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.ScriptRuntime.Providers;

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
        if (body.Output is not { ValueKind: JsonValueKind.String or JsonValueKind.Object } output)
        {
            return Problems.Field("output", "output is required: the corrected script or the model's text as a string, or the provider's JSON response as an object.");
        }

        if (TextFields.NameProblem(body.TurnId, "turnId") is { } turnProblem)
        {
            return Problems.Field("turnId", turnProblem);
        }

        if (TextFields.NameProblem(body.Model, "model") is { } modelProblem)
        {
            return Problems.Field("model", modelProblem);
        }

        IProviderFormat? format = null;
        if (body.Provider is not null && !ProviderFormats.TryFind(body.Provider, out format))
        {
            return Problems.Field("provider", $"provider must be one of {string.Join(", ", ProviderFormats.WireNames)}.");
        }

        string text = output.ValueKind == JsonValueKind.String ? output.GetString()! : output.GetRawText();
        ParsedTurn turn = output.ValueKind == JsonValueKind.String
            ? parser.ParseScriptOrOutput(text)
            : parser.Parse(JsonNode.Parse(text)!.AsObject(), format);
        if (turn.Error is { } error)
        {
            ReportError typed = ReportError.From(error);
            return Problems.Create(StatusCodes.Status400BadRequest, typed.Code, typed.Message, "output", new Dictionary<string, object?>
            {
                ["block"] = turn.ErrorBlock,
                ["line"] = typed.Line,
                ["column"] = typed.Column,
                ["retryable"] = typed.Retryable,
            });
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
            string url = $"/api/runs/{Uri.EscapeDataString(started.TurnInstanceId)}";
            return TypedResults.Accepted(url, new TurnAccepted(
                started.TurnInstanceId,
                started.AlreadyStarted,
                [.. started.RunInstanceIds.Select((runId, i) => RunLinks.For(i, runId))],
                url));
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }
}
