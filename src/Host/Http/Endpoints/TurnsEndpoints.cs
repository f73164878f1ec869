using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Host.Turns;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.ScriptRuntime.Providers;

namespace ScriptHarness.Host.Http.Endpoints;

/// <summary><c>POST /api/turns</c>: start the runs of one model output; <c>GET /api/turns/{id}</c>: its state and follow-up.</summary>
internal static class TurnsEndpoints
{
    public static RouteGroupBuilder MapTurns(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/api/turns").WithTags("Turns");
        group.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapPost("/", StartAsync)
            .WithName("StartTurn")
            .WithSummary("Start the scripts of a model output: one run per <tool-calls> block, in order.");
        group.MapGet("/{id}", GetAsync)
            .AddEndpointFilter<RouteIdFilter>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetTurn")
            .WithSummary("A turn's state (completed, paused, failed, running), its pending calls, and once finished the items to append to the conversation in the provider's shape.");
        return group;
    }

    private static async Task<Results<Accepted<TurnAccepted>, Ok<NoScript>, ProblemHttpResult>> StartAsync(
        TurnBody body,
        TurnParser parser,
        ScriptRunClient runs,
        IOptions<HarnessHostOptions> host,
        IOptionsMonitor<OrchestrationsOptions> orchestrations,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.ConversationId))
        {
            return Problems.Field("conversationId", "conversationId is required.");
        }

        if (string.IsNullOrWhiteSpace(body.TurnId))
        {
            return Problems.Field("turnId", "turnId is required.");
        }

        if (FirstNameProblem(("conversationId", body.ConversationId), ("turnId", body.TurnId), ("model", body.Model)) is { } named)
        {
            return named;
        }

        if (!TurnBodyReader.TryCheck(body.Output, body.Provider, "output is required: the model's text as a string, or the provider's JSON response as an object.", out BodyOutput? output, out ProblemHttpResult? invalid))
        {
            return invalid;
        }

        if (orchestrations.CurrentValue.Mode == FeatureMode.Disabled)
        {
            // Disabled: the tags are left as text, exactly as if the output held no script.
            return TypedResults.Ok(new NoScript(false, "feature-disabled"));
        }

        ParsedTurn turn = parser.Parse(output, scriptAllowed: false, out string text);
        if (turn.Error is not null)
        {
            return TurnBodyReader.ParseProblem(turn);
        }

        if (turn.NoScript)
        {
            return TypedResults.Ok(new NoScript(false, "no-script"));
        }

        if (!WorkspaceGuard.TryResolve(body.Workspace, host.Value, out string workspace, out string why))
        {
            return Problems.Field("workspace", why);
        }

        TurnRequest request = new(body.ConversationId, body.TurnId, turn.Scripts, workspace)
        {
            Provider = turn.FormatName,
            Output = text,
            Model = body.Model,
            Policy = body.Policy,
            Mode = body.Mode,
            ApprovalExpiry = body.ApprovalExpiry,
        };
        try
        {
            TurnStart started = await runs.StartTurnAsync(request, cancellationToken).ConfigureAwait(false);
            return TurnBodyReader.Accepted(started);
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }

    private static ProblemHttpResult? FirstNameProblem(params (string Field, string? Value)[] fields)
    {
        foreach ((string field, string? value) in fields)
        {
            if (TextFields.NameProblem(value, field) is { } problem)
            {
                return Problems.Field(field, problem);
            }
        }

        return null;
    }

    private static async Task<Results<Ok<TurnState>, ProblemHttpResult>> GetAsync(string id, string? provider, TurnFollowUps followUps, CancellationToken cancellationToken)
    {
        IProviderFormat? target = null;
        if (provider is not null && !ProviderFormats.TryFind(provider, out target))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-request", TurnBodyReader.ProviderProblem("provider"), "provider");
        }

        try
        {
            TurnState? state = await followUps.GetAsync(id, target, cancellationToken).ConfigureAwait(false);
            return state is null
                ? Problems.Create(StatusCodes.Status404NotFound, "not-found", $"No turn has id {id}.", RouteIdFilter.RouteValue)
                : TypedResults.Ok(state);
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }
}
