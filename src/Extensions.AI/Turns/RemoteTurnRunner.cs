using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Extensions.AI.Turns;

/// <summary>
/// Runs turns on a remote ScriptHarness server over its HTTP API (src/Host/README.md):
/// <c>POST /api/turns</c> starts one, <c>GET /api/turns/{id}?provider=openai-chat</c> watches it (its
/// tool messages hold each block's report as <c>ModelReportFormatter</c> wrote it, the same text
/// as embedded mode), <c>POST /api/runs/{id}/approvals/{callId}</c> decides, <c>GET /api/tools</c>
/// gives the tools' TypeScript declaration. The key goes in the Authorization header only.
/// </summary>
internal sealed class RemoteTurnRunner(HttpClient http, TimeSpan maxPollInterval) : ITurnBackend
{
    private static readonly TimeSpan FirstPollInterval = TimeSpan.FromMilliseconds(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A client for <paramref name="server"/> carrying <paramref name="apiKey"/> as a bearer token.</summary>
    public static HttpClient CreateClient(Uri server, string apiKey)
    {
        HttpClient client = new() { BaseAddress = server };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>The TypeScript declaration of the server's tools.</summary>
    public async Task<string> GetDeclarationAsync(CancellationToken cancellationToken)
    {
        JsonNode body = await this.SendAsync(HttpMethod.Get, "api/tools", null, cancellationToken).ConfigureAwait(false);
        return body["typescript"]?.GetValue<string>() ?? throw Unreadable("GET /api/tools", body);
    }

    /// <inheritdoc />
    public async Task<TurnStarted> StartAsync(TurnStartRequest request, CancellationToken cancellationToken)
    {
        JsonObject body = new()
        {
            ["conversationId"] = request.ConversationId,
            ["turnId"] = request.TurnId,
            ["output"] = request.Output,
            ["provider"] = "text",
            ["model"] = request.Model,
        };
        if (request.Workspace is not null)
        {
            body["workspace"] = request.Workspace;
        }

        if (request.Policy is not null)
        {
            body["policy"] = JsonSerializer.SerializeToNode(request.Policy, Json);
        }

        if (request.ContinueFrom is { } failedRun)
        {
            // The continued turn keeps the failed run's conversation and workspace on the server.
            JsonObject next = (JsonObject)body.DeepClone();
            next.Remove("conversationId");
            next.Remove("workspace");
            next["turnId"] = request.ContinueTurnId;
            string path = $"api/runs/{Uri.EscapeDataString(failedRun)}/continue";
            if (await this.TrySendAsync(HttpMethod.Post, path, next, cancellationToken).ConfigureAwait(false) is { } continued)
            {
                return Started(path, continued, request) with { ContinuedFrom = failedRun };
            }
        }

        return Started("api/turns", await this.SendAsync(HttpMethod.Post, "api/turns", body, cancellationToken).ConfigureAwait(false), request);
    }

    private static TurnStarted Started(string path, JsonNode started, TurnStartRequest request)
    {
        if (started["turnId"]?.GetValue<string>() is not { } turnId || started["runs"] is not JsonArray runs)
        {
            // 200 {script: false}: the server found no block in text the client found blocks in.
            throw Unreadable("POST /" + path, started);
        }

        string[] runIds = [.. runs.OrderBy(r => r!["block"]!.GetValue<int>()).Select(r => r!["instanceId"]!.GetValue<string>())];
        if (runIds.Length != request.Scripts.Count)
        {
            throw new ScriptHarnessChatException(ScriptHarnessChatException.ServerErrorCode, $"The server found {runIds.Length} scripts in the answer, the client {request.Scripts.Count}.");
        }

        return new TurnStarted(turnId, runIds);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<TurnEvent> WatchAsync(string turnId, ISet<(string RunId, int CallId)>? answered, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TimeSpan delay = FirstPollInterval;
        while (true)
        {
            JsonNode state = await this.SendAsync(HttpMethod.Get, $"api/turns/{Uri.EscapeDataString(turnId)}?provider=openai-chat", null, cancellationToken).ConfigureAwait(false);
            switch (state["state"]?.GetValue<string>())
            {
                case "completed" or "failed":
                    yield return new TurnCompleted(turnId, Results(turnId, state));
                    yield break;
                case "paused":
                    PendingApproval[] pending = [.. Pending(state).Where(p => answered?.Contains((p.RunId, p.Call.CallId)) != true)];
                    if (pending.Length > 0)
                    {
                        yield return new TurnPaused(turnId, pending);
                        yield break;
                    }

                    break;
                case "running":
                    break;
                default:
                    throw Unreadable($"GET /api/turns/{turnId}", state);
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxPollInterval.Ticks));
        }
    }

    /// <inheritdoc />
    public async Task DecideAsync(string runId, IReadOnlyList<(int CallId, ApprovalDecision Decision)> decisions, CancellationToken cancellationToken)
    {
        foreach ((int callId, ApprovalDecision decision) in decisions)
        {
            JsonObject body = new()
            {
                ["decision"] = decision.Verdict == DecisionVerdict.Approve ? "approve" : "deny",
                ["reason"] = decision.Reason,
                ["scope"] = "call",
                ["decidedBy"] = decision.DecidedBy,
            };
            using HttpResponseMessage response = await http.PostAsJsonAsync($"api/runs/{Uri.EscapeDataString(runId)}/approvals/{callId}", body, Json, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new ScriptHarnessChatException(ScriptHarnessChatException.RunNotFoundCode, $"The run {runId} that asked for approval is not on the server (was it purged, or is the app using another server?).");
            }

            // 409 (decision-conflict, unknown-call, run-finished): nothing waits for this answer any
            // more; the watch reports what the run did, as in embedded mode.
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
            {
                throw await Refused($"POST /api/runs/{runId}/approvals/{callId}", response, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // The tool messages of the openai-chat follow-up, in block order: one report per block, paired with the turn's runs.
    private static BlockResult[] Results(string turnId, JsonNode state)
    {
        string[] runIds = [.. (state["runs"] as JsonArray ?? []).Select(r => r!["instanceId"]?.GetValue<string>() ?? throw Unreadable($"GET /api/turns/{turnId}", state))];
        string[] reports = [.. (state["items"] as JsonArray ?? []).Where(i => i?["role"]?.GetValue<string>() == "tool").Select(i => i!["content"]!.GetValue<string>())];
        if (reports.Length != runIds.Length)
        {
            throw Unreadable($"GET /api/turns/{turnId}", state);
        }

        return [.. reports.Select((report, i) => new BlockResult(runIds[i], report, StatusOf(report)))];
    }

    // ModelReportFormatter writes the status first: "status: completed".
    private static string StatusOf(string report)
    {
        string first = report.Split('\n', 2)[0];
        return first.StartsWith("status: ", StringComparison.Ordinal) ? first["status: ".Length..].Trim() : "failed";
    }

    private static IEnumerable<PendingApproval> Pending(JsonNode state)
    {
        foreach (JsonNode? call in state["pending"] as JsonArray ?? [])
        {
            if (call?["kind"]?.GetValue<string>() != "approval")
            {
                continue;
            }

            JsonNode? arguments = call["arguments"];
            yield return new PendingApproval(
                call["runId"]!.GetValue<string>(),
                new PendingCall(
                    call["callId"]!.GetValue<int>(),
                    call["tool"]!.GetValue<string>(),
                    arguments?.ToJsonString() ?? "{}",
                    PendingKind.Approval,
                    call["reason"]?.GetValue<string>() ?? string.Empty,
                    call["expiresAt"]?.GetValue<DateTime>() ?? DateTime.MaxValue));
        }
    }

    // As SendAsync, but a 404 (the run is not on the server: purged, or never started) is null.
    private async Task<JsonNode?> TrySendAsync(HttpMethod method, string path, JsonNode body, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = new(method, path) { Content = JsonContent.Create(body, options: Json) };
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await Read(method, path, response, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using HttpRequestMessage request = new(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await Read(method, path, response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonNode> Read(HttpMethod method, string path, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await Refused($"{method} /{path}", response, cancellationToken).ConfigureAwait(false);
        }

        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(text) ?? throw Unreadable($"{method} /{path}", null);
        }
        catch (JsonException ex)
        {
            throw new ScriptHarnessChatException(ScriptHarnessChatException.ServerErrorCode, $"{method} /{path}: the server's answer is not JSON.", ex);
        }
    }

    private static async Task<ScriptHarnessChatException> Refused(string what, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string problem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return new ScriptHarnessChatException(ScriptHarnessChatException.ServerErrorCode, $"{what}: {(int)response.StatusCode} {problem}");
    }

    private static ScriptHarnessChatException Unreadable(string what, JsonNode? body) =>
        new(ScriptHarnessChatException.ServerErrorCode, $"{what}: unexpected answer {body?.ToJsonString()}");
}
