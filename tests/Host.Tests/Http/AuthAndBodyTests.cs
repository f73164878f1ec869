using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary>Every endpoint needs the key; bodies are checked and size-limited; problems name the field.</summary>
[Collection(ServerCollection.Name)]
public sealed class AuthAndBodyTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", "/api/turns" },
        { "GET", "/api/runs" },
        { "GET", "/api/runs/sh-x-b0" },
        { "GET", "/api/runs/sh-x-b0/history" },
        { "POST", "/api/runs/sh-x-b0/approvals/1" },
        { "POST", "/api/runs/sh-x-b0/approvals" },
        { "POST", "/api/runs/sh-x-b0/calls/1/result" },
        { "POST", "/api/runs/sh-x-b0/terminate" },
        { "GET", "/api/tools" },
        { "GET", "/openapi/v1.json" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_answers_401_without_a_key_or_with_a_wrong_one(string method, string path)
    {
        using HttpClient anonymous = this.Server.Anonymous();
        foreach (AuthenticationHeaderValue? auth in new[] { null, new AuthenticationHeaderValue("Bearer", "wrong"), new AuthenticationHeaderValue("Bearer", Server.Key + "x"), new AuthenticationHeaderValue("Bearer", Server.Key[..^1]), new AuthenticationHeaderValue("Basic", Server.Key) })
        {
            using HttpRequestMessage request = new(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null };
            request.Headers.Authorization = auth;
            HttpResponseMessage response = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            JsonNode problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("unauthorized", problem["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_turn_posted_with_a_wrong_key_starts_nothing()
    {
        string conversation = "auth-" + Guid.NewGuid().ToString("N");
        object body = new { conversationId = conversation, turnId = "t1", output = Scripts.Block("return 1;"), workspace = this.Server.Home.NewWorkspace() };
        using HttpClient attacker = this.Server.Anonymous();
        attacker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        (HttpResponseMessage refused, _) = await this.Server.PostRawAsync("/api/turns", System.Text.Json.JsonSerializer.Serialize(body), attacker);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        (HttpResponseMessage accepted, JsonNode? started) = await this.Server.PostAsync("/api/turns", body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.False(started!["alreadyStarted"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("/api/turns", "{\"conversationId\": \"c\", ", null)]
    [InlineData("/api/turns", "{\"conversationId\": 5, \"turnId\": \"t\", \"output\": \"x\"}", "conversationId")]
    [InlineData("/api/turns", "{\"turnId\": \"t\", \"output\": \"x\"}", "conversationId")]
    [InlineData("/api/turns", "{\"conversationId\": \"c\", \"turnId\": \"t\", \"output\": 12}", "output")]
    [InlineData("/api/turns", "{\"conversationId\": \"c\", \"turnId\": \"t\", \"output\": \"x\", \"provider\": \"cohere\"}", "provider")]
    [InlineData("/api/turns", "{\"conversationId\": \"c\", \"turnId\": \"t\", \"output\": \"x\", \"mode\": \"sometimes\"}", "mode")]
    [InlineData("/api/runs/sh-x-b0/approvals/1", "{\"decision\": \"maybe\"}", "decision")]
    [InlineData("/api/runs/sh-x-b0/approvals/1", "{\"reason\": \"no decision\"}", "decision")]
    [InlineData("/api/runs/sh-x-b0/approvals/1", "{\"decision\": \"approve\", \"scope\": \"forever\"}", "scope")]
    [InlineData("/api/runs/sh-x-b0/approvals", "{\"decisions\": [{\"callId\": 1}]}", "decisions[0].decision")]
    [InlineData("/api/runs/sh-x-b0/approvals", "{\"decisions\": [{\"callId\": \"one\", \"decision\": \"approve\"}]}", "decisions[0].callId")]
    [InlineData("/api/runs/sh-x-b0/approvals", "{}", "decisions")]
    public async Task A_bad_body_answers_400_naming_the_field(string path, string json, string? field)
    {
        (HttpResponseMessage response, JsonNode? problem) = await this.Server.PostRawAsync(path, json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("invalid-request", problem!["code"]!.GetValue<string>());
        if (field is null)
        {
            Assert.Contains("not valid JSON", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(field, problem["field"]?.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        string huge = new('x', 2 * 1024 * 1024);
        using StringContent content = new($"{{\"conversationId\":\"c\",\"turnId\":\"t\",\"output\":\"{huge}\"}}", System.Text.Encoding.UTF8, "application/json");
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/turns") { Content = content };

        // The server refuses by the declared length without reading the body; with 100-continue the
        // client waits for that answer instead of racing a 2 MB upload against the closed socket.
        request.Headers.ExpectContinue = true;
        HttpResponseMessage response = await this.Server.Client.SendAsync(request);
        JsonNode? problem = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("body-too-large", problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route()
    {
        JsonNode document = await this.Server.GetJsonAsync("/openapi/v1.json");
        JsonObject paths = document["paths"]!.AsObject();
        foreach (string path in new[] { "/api/turns", "/api/runs", "/api/runs/{id}", "/api/runs/{id}/history", "/api/runs/{id}/approvals/{callId}", "/api/runs/{id}/approvals", "/api/runs/{id}/calls/{callId}/result", "/api/runs/{id}/terminate" })
        {
            Assert.True(paths.ContainsKey(path), $"OpenAPI lacks {path}: {string.Join(", ", paths.Select(p => p.Key))}");

            // Every operation declares the problems hostile input and faults get.
            foreach ((string method, JsonNode? operation) in paths[path]!.AsObject())
            {
                JsonObject responses = operation!["responses"]!.AsObject();
                Assert.True(responses.ContainsKey("400") && responses.ContainsKey("500"), $"{method} {path} declares {string.Join(", ", responses.Select(r => r.Key))}");
            }
        }

        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["apiKey"]!["scheme"]!.GetValue<string>());

        // What a generated client needs right: an optional field is not required, a number is not also a string.
        JsonObject schemas = document["components"]!["schemas"]!.AsObject();
        string[] required = [.. schemas["TurnBody"]!["required"]!.AsArray().Select(n => n!.GetValue<string>())];
        Assert.DoesNotContain("provider", required);
        Assert.Contains("output", required);
        Assert.Equal("integer", schemas["PendingCallResponse"]!["properties"]!["callId"]!["type"]!.GetValue<string>());
        Assert.Equal("integer", schemas["RunResponse"]!["properties"]!["callsDone"]!["type"]!.GetValue<string>());
    }
}
