using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Samples.DurableFunctions;

/// <summary>A handler's answer: the status code and the body to write as JSON.</summary>
public sealed record ApiResponse(HttpStatusCode Status, object? Body);

/// <summary>
/// What the HTTP functions do, apart from the Functions types: read the JSON body, call
/// <see cref="ScriptRunClient"/>, map its typed errors to status codes. Tested against a client
/// over the harness's in-memory backend, since the Functions host cannot run here.
/// </summary>
public static class TurnApi
{
    /// <summary>JSON as the HTTP API of the Host writes it: camelCase, enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary><c>POST /api/turns</c>: starts a turn (idempotent by conversation and turn id); 202 with the run ids.</summary>
    public static Task<ApiResponse> StartTurnAsync(ScriptRunClient runs, string body, CancellationToken cancellationToken) =>
        HandleAsync(async () =>
        {
            TurnRequest request = Read<TurnRequest>(body);
            TurnStart start = await runs.StartTurnAsync(request, cancellationToken).ConfigureAwait(false);
            return new ApiResponse(HttpStatusCode.Accepted, start);
        });

    /// <summary><c>GET /api/runs/{id}</c>: the run's phase, pending approvals and, once finished, its report.</summary>
    public static Task<ApiResponse> GetRunAsync(ScriptRunClient runs, string instanceId, CancellationToken cancellationToken) =>
        HandleAsync(async () =>
        {
            RunView? run = await runs.GetRunAsync(instanceId, cancellationToken).ConfigureAwait(false);
            return run is null ? new ApiResponse(HttpStatusCode.NotFound, new { error = "not-found", instanceId }) : new ApiResponse(HttpStatusCode.OK, run);
        });

    /// <summary><c>POST /api/runs/{id}/approvals/{callId}</c>: the approval webhook; 200 with the outcome.</summary>
    public static Task<ApiResponse> DecideAsync(ScriptRunClient runs, string instanceId, int callId, string body, CancellationToken cancellationToken) =>
        HandleAsync(async () =>
        {
            ApprovalDecision decision = Read<ApprovalDecision>(body);
            DecisionOutcome outcome = await runs.DecideAsync(instanceId, callId, decision, cancellationToken).ConfigureAwait(false);
            return new ApiResponse(HttpStatusCode.OK, outcome);
        });

    private static T Read<T>(string body) =>
        JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException($"the body is not a {typeof(T).Name}");

    private static async Task<ApiResponse> HandleAsync(Func<Task<ApiResponse>> handle)
    {
        try
        {
            return await handle().ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return new ApiResponse(HttpStatusCode.BadRequest, new { error = "invalid-request", detail = e.Message });
        }
        catch (ScriptRunClientException e)
        {
            return new ApiResponse(StatusFor(e.Code), new { error = e.StableCode, detail = e.Message });
        }
    }

    private static HttpStatusCode StatusFor(ClientErrorCode code) => code switch
    {
        ClientErrorCode.NotFound or ClientErrorCode.UnknownCall => HttpStatusCode.NotFound,
        ClientErrorCode.InvalidRequest or ClientErrorCode.LimitExceeded => HttpStatusCode.BadRequest,
        ClientErrorCode.FeatureDisabled => HttpStatusCode.Forbidden,
        _ => HttpStatusCode.Conflict,
    };
}
