using System.Net;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http.OpenApi;

/// <summary>
/// The OpenAPI document is a contract a generated client can rely on: read with the OpenAPI
/// library, every operation declares its problems, and real responses of the running server
/// (a paused run, the list, the history, the turn, the tools) match the declared schemas.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OpenApiContractTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    [Fact]
    public async Task The_OpenAPI_library_reads_the_document_and_every_operation_declares_its_problem_responses()
    {
        await using Stream stream = await this.Server.Client.GetStreamAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        OpenApiReaderSettings settings = new();
        ReadResult read = await OpenApiDocument.LoadAsync(stream, "json", settings);
        Assert.True(read.Document is not null, "The OpenAPI library could not read the document.");
        Assert.Empty(read.Diagnostic?.Errors ?? []);

        int operations = 0;
        foreach ((string path, IOpenApiPathItem item) in read.Document.Paths)
        {
            foreach ((HttpMethod method, OpenApiOperation operation) in item.Operations ?? [])
            {
                operations++;
                string name = $"{method} {path}";
                List<string> statuses = operation.Responses is { } declared ? [.. declared.Keys] : [];
                Assert.True(statuses.Contains("401") && statuses.Contains("500"), $"{name} declares {string.Join(", ", statuses)}: every operation can get 401 and 500.");
                bool takesInput = operation.RequestBody is not null || operation.Parameters is { Count: > 0 };
                Assert.True(!takesInput || statuses.Contains("400"), $"{name} takes input but declares no 400: {string.Join(", ", statuses)}.");

                // Every error is a problem body a client can read the stable code from.
                foreach ((string status, IOpenApiResponse response) in operation.Responses!.Where(r => r.Key.Length == 3 && r.Key[0] is '4' or '5'))
                {
                    Assert.True(response.Content?.ContainsKey("application/problem+json") == true, $"{name} {status} is not declared as application/problem+json.");
                    Assert.NotNull(response.Content!["application/problem+json"].Schema);
                }
            }
        }

        Assert.True(operations >= 11, $"only {operations} operations read");
    }

    [Fact]
    public async Task Real_responses_of_a_paused_and_a_finished_run_match_the_document_schemas()
    {
        OpenApiContract contract = new(await this.Server.GetJsonAsync("/openapi/v1.json"));
        string conversation = "c-openapi-" + Guid.NewGuid().ToString("N")[..6];
        JsonObject turnBody = new()
        {
            ["conversationId"] = conversation,
            ["turnId"] = "t1",
            ["output"] = Scripts.Block($"await tools.readFile({{ path: \"a.txt\" }}).catch(() => null);\nconst r = {Scripts.AskingCommand};\nreturn r.exitCode;"),
            ["workspace"] = this.Server.Home.NewWorkspace(),
        };
        (HttpResponseMessage started, JsonNode? accepted) = await this.Server.PostAsync("/api/turns", turnBody);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        contract.AssertConforms("POST", "/api/turns", 202, accepted);
        string turnId = accepted!["turnId"]!.GetValue<string>();
        string runId = accepted["runs"]![0]!["instanceId"]!.GetValue<string>();

        // Paused: the run with a pending call whose arguments are a JSON object, not JSON text.
        JsonNode paused = await this.Server.WaitForApprovalAsync(runId, 2);
        Assert.Equal("awaiting-approval", paused["phase"]!.GetValue<string>());
        Assert.Equal("sh", paused["pending"]![0]!["args"]!["command"]![0]!.GetValue<string>());
        contract.AssertConforms("GET", "/api/runs/{id}", 200, paused);
        contract.AssertConforms("GET", "/api/runs/{id}", 200, await this.Server.GetJsonAsync($"/api/runs/{turnId}"));

        JsonNode turn = await this.Server.GetJsonAsync($"/api/turns/{turnId}");
        Assert.Equal("paused", turn["state"]!.GetValue<string>());
        Assert.Equal("sh", turn["pending"]![0]!["arguments"]!["command"]![0]!.GetValue<string>());
        contract.AssertConforms("GET", "/api/turns/{id}", 200, turn);

        JsonNode page = await this.Server.GetJsonAsync($"/api/runs?conversation={conversation}&phase=awaiting-approval");
        Assert.Contains(page["items"]!.AsArray(), i => i!["instanceId"]!.GetValue<string>() == runId && i["phase"]!.GetValue<string>() == "awaiting-approval");
        contract.AssertConforms("GET", "/api/runs", 200, page);
        contract.AssertConforms("GET", "/api/runs/{id}/history", 200, await this.Server.GetJsonAsync($"/api/runs/{runId}/history"));
        contract.AssertConforms("GET", "/api/tools", 200, await this.Server.GetJsonAsync("/api/tools"));

        // A problem is a problem body as declared.
        HttpResponseMessage missing = await this.Server.Client.GetAsync(new Uri("/api/runs/no-such-run", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        contract.AssertConforms("GET", "/api/runs/{id}", 404, JsonNode.Parse(await missing.Content.ReadAsStringAsync()), "application/problem+json");

        (HttpResponseMessage decided, JsonNode? outcome) = await this.Server.PostAsync($"/api/runs/{runId}/approvals/2", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        contract.AssertConforms("POST", "/api/runs/{id}/approvals/{callId}", 200, outcome);

        // Finished: the report, the finished turn with its items, the full history.
        JsonNode finished = await this.Server.WaitForReportAsync(runId);
        contract.AssertConforms("GET", "/api/runs/{id}", 200, finished);
        JsonNode history = await this.Server.GetJsonAsync($"/api/runs/{runId}/history");
        contract.AssertConforms("GET", "/api/runs/{id}/history", 200, history);

        // Enums are kebab case throughout, the report's call statuses and the history's event types too.
        Assert.Equal(["failed", "ok"], finished["report"]!["calls"]!.AsArray().Select(c => c!["status"]!.GetValue<string>()));
        Assert.Contains(history.AsArray(), e => e!["type"]!.GetValue<string>() == "task-scheduled");
        Assert.DoesNotContain(history.AsArray(), e => e!["type"]!.GetValue<string>().Any(char.IsUpper));
        string document = contract.Document.ToJsonString();
        Assert.Contains("\"timed-out\"", document, StringComparison.Ordinal);
        Assert.DoesNotContain("\"TimedOut\"", document, StringComparison.Ordinal);
        contract.AssertConforms("GET", "/api/turns/{id}", 200, await this.Server.GetJsonAsync($"/api/turns/{turnId}?provider=openai-responses"));
    }

    [Fact]
    public async Task A_response_that_does_not_match_its_schema_fails_the_check()
    {
        OpenApiContract contract = new(await this.Server.GetJsonAsync("/openapi/v1.json"));
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;"));
        JsonNode paused = await this.Server.WaitForApprovalAsync(runs[0], 1);
        JsonObject schema = contract.ResponseSchema("GET", "/api/runs/{id}", 200);
        Assert.Empty(OpenApiContract.Errors(schema, paused));

        // A copy of the schema that still says what the old contract said (arguments as JSON text) rejects the real run.
        JsonObject doubleEncoded = schema.DeepClone().AsObject();
        doubleEncoded["$defs"]!["PendingCallResponse"]!["properties"]!["args"] = new JsonObject { ["type"] = "string" };
        IReadOnlyList<string> errors = OpenApiContract.Errors(doubleEncoded, paused);
        Assert.Contains(errors, e => e.StartsWith("/pending/0/args", StringComparison.Ordinal));

        // And the real schema rejects the old wire shape (camelCase phase, arguments as text).
        JsonNode old = paused.DeepClone();
        old["phase"] = "awaitingApproval";
        old["pending"]![0]!["args"] = old["pending"]![0]!["args"]!.ToJsonString();
        Assert.Contains(OpenApiContract.Errors(schema, old), e => e.StartsWith("/phase", StringComparison.Ordinal));

        await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "deny" });
    }
}
