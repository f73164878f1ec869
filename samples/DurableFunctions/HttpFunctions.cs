using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Samples.DurableFunctions;

/// <summary>
/// The HTTP triggers: a turn, a run's state, the approval webhook. Function keys
/// (<see cref="AuthorizationLevel.Function"/>) guard them in Azure; the handlers are
/// <see cref="TurnApi"/>'s.
/// </summary>
public sealed class HttpFunctions(Func<DurableTaskClient, ScriptRunClient> scriptRunClient)
{
    /// <summary><c>POST /api/turns</c>.</summary>
    [Function("StartTurn")]
    public async Task<HttpResponseData> StartTurn(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "turns")] HttpRequestData request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        string body = await request.ReadAsStringAsync().ConfigureAwait(false) ?? string.Empty;
        return await WriteAsync(request, await TurnApi.StartTurnAsync(scriptRunClient(client), body, request.FunctionContext.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary><c>GET /api/runs/{instanceId}</c>.</summary>
    [Function("GetRun")]
    public async Task<HttpResponseData> GetRun(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{instanceId}")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string instanceId)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await WriteAsync(request, await TurnApi.GetRunAsync(scriptRunClient(client), instanceId, request.FunctionContext.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary><c>POST /api/runs/{instanceId}/approvals/{callId}</c>: the approval webhook.</summary>
    [Function("Decide")]
    public async Task<HttpResponseData> Decide(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{instanceId}/approvals/{callId:int}")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        int callId)
    {
        ArgumentNullException.ThrowIfNull(request);
        string body = await request.ReadAsStringAsync().ConfigureAwait(false) ?? string.Empty;
        return await WriteAsync(request, await TurnApi.DecideAsync(scriptRunClient(client), instanceId, callId, body, request.FunctionContext.CancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static async Task<HttpResponseData> WriteAsync(HttpRequestData request, ApiResponse answer)
    {
        HttpResponseData response = request.CreateResponse(answer.Status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteStringAsync(System.Text.Json.JsonSerializer.Serialize(answer.Body, TurnApi.Json)).ConfigureAwait(false);
        return response;
    }
}
