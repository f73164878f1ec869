using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary>
/// Input built to break the server (a kilobytes-long id, NUL and escape characters, thousands of
/// blocks) is answered with a 400 problem that says why and carries our code: never a 500, never
/// an empty body, and a refused turn starts nothing.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HostileInputTests(ServerFixture fixture)
{
    private static readonly string LongId = "sh-" + new string('a', 4997);

    private Server Server => fixture.Server;

    public static TheoryData<string, string, string?> RoutesWithAnId => new()
    {
        { "GET", "/api/runs/{id}", null },
        { "GET", "/api/runs/{id}/history", null },
        { "POST", "/api/runs/{id}/approvals/1", "{\"decision\": \"approve\"}" },
        { "POST", "/api/runs/{id}/approvals", "{\"decisions\": [{\"callId\": 1, \"decision\": \"approve\"}]}" },
        { "POST", "/api/runs/{id}/calls/1/result", "{\"result\": 1}" },
        { "POST", "/api/runs/{id}/terminate", null },
        { "POST", "/api/runs/{id}/terminate?force=true", "{}" },
    };

    public static TheoryData<string> HostileIds => new()
    {
        "sh-%1B%5B2K%0D",
        "sh-%E2%80%AEevil",
        "sh-x%20b0",
        "sh-x%2Fb0",
    };

    [Theory]
    [MemberData(nameof(RoutesWithAnId))]
    public async Task A_5000_character_run_id_answers_400_with_a_problem_on_every_route(string method, string route, string? body)
    {
        (HttpStatusCode status, JsonNode problem) = await this.SendAsync(method, route.Replace("{id}", LongId, StringComparison.Ordinal), body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid-request", problem["code"]!.GetValue<string>());
        Assert.Equal("id", problem["field"]!.GetValue<string>());
        Assert.Contains("5000 characters", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(LongId, problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task An_id_with_NUL_escape_or_bidi_characters_answers_400_naming_the_allowed_characters(string id)
    {
        foreach ((string method, string route, string? body) in new[] { ("GET", "/api/runs/{id}", (string?)null), ("POST", "/api/runs/{id}/approvals/1", "{\"decision\": \"approve\"}") })
        {
            (HttpStatusCode status, JsonNode problem) = await this.SendAsync(method, route.Replace("{id}", id, StringComparison.Ordinal), body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{method} {id}: {(int)status} {problem}");
            Assert.Equal("invalid-request", problem["code"]!.GetValue<string>());
            Assert.Contains("may hold only", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_NUL_in_the_path_is_refused_by_the_server_with_400_before_any_handler()
    {
        // Kestrel refuses a decoded NUL in the request target itself (its own bare 400): never a 500.
        HttpResponseMessage response = await this.Server.Client.GetAsync("/api/runs/a%00b");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_well_formed_unknown_id_is_still_404_not_found()
    {
        (HttpStatusCode status, JsonNode problem) = await this.SendAsync("GET", "/api/runs/sh-0123456789abcdef0123-b0", null);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not-found", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_call_id_that_is_not_a_number_answers_400_naming_callId_without_echoing_it()
    {
        string digits = new('9', 5000);
        foreach (string route in new[] { $"/api/runs/sh-x-b0/approvals/{digits}", $"/api/runs/sh-x-b0/calls/{digits}/result", "/api/runs/sh-x-b0/approvals/one" })
        {
            (HttpStatusCode status, JsonNode problem) = await this.SendAsync("POST", route, "{\"decision\": \"approve\", \"result\": 1}");
            Assert.True(status == HttpStatusCode.BadRequest, $"{route[..Math.Min(route.Length, 40)]}: {(int)status} {problem}");
            Assert.Equal("invalid-request", problem["code"]!.GetValue<string>());
            Assert.Equal("callId", problem["field"]!.GetValue<string>());
            Assert.DoesNotContain(digits, problem.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hostile_query_values_on_the_list_answer_400_without_echoing_them()
    {
        string junk = new('x', 5000);
        (HttpStatusCode status, JsonNode problem) = await this.SendAsync("GET", "/api/runs?pageSize=99999999999", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("pageSize is not a valid int.", problem["detail"]!.GetValue<string>());

        (HttpStatusCode statusFilter, JsonNode filterProblem) = await this.SendAsync("GET", "/api/runs?status=" + junk, null);
        Assert.Equal(HttpStatusCode.BadRequest, statusFilter);
        Assert.Equal("status", filterProblem["field"]!.GetValue<string>());
        Assert.DoesNotContain(junk, filterProblem.ToJsonString(), StringComparison.Ordinal);

        (HttpStatusCode tokenStatus, JsonNode tokenProblem) = await this.SendAsync("GET", "/api/runs?continuationToken=%27%3Bdrop%20table", null);
        Assert.Equal(HttpStatusCode.BadRequest, tokenStatus);
        Assert.Equal("invalid-request", tokenProblem["code"]!.GetValue<string>());

        (HttpStatusCode phaseStatus, JsonNode phaseProblem) = await this.SendAsync("GET", "/api/runs?phase=" + junk, null);
        Assert.Equal(HttpStatusCode.BadRequest, phaseStatus);
        Assert.Equal("phase", phaseProblem["field"]!.GetValue<string>());
        Assert.Contains("awaiting-approval", phaseProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(junk, phaseProblem.ToJsonString(), StringComparison.Ordinal);

        (HttpStatusCode timeStatus, JsonNode timeProblem) = await this.SendAsync("GET", "/api/runs?createdFrom=yesterday", null);
        Assert.Equal(HttpStatusCode.BadRequest, timeStatus);
        Assert.Equal("createdFrom", timeProblem["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("NUL")]
    [InlineData("ESC")]
    [InlineData("newline")]
    [InlineData("relative")]
    [InlineData("missing")]
    [InlineData("outside")]
    [InlineData("huge")]
    public async Task A_bad_workspace_answers_400_naming_the_field_and_starts_nothing(string kind)
    {
        string workspace = kind switch
        {
            "NUL" => this.Server.Home.Workspace + "\0/../..",
            "ESC" => this.Server.Home.Workspace + "/\u001b[2K",
            "newline" => this.Server.Home.Workspace + "\n/etc",
            "relative" => "workspace",
            "missing" => Path.Combine(this.Server.Home.Root, "no-such-dir"),
            "outside" => "/etc",
            _ => "/" + new string('a', 5000),
        };
        string conversation = "ws-" + Guid.NewGuid().ToString("N");
        JsonObject body = new() { ["conversationId"] = conversation, ["turnId"] = "t1", ["output"] = Scripts.Block("return 1;"), ["workspace"] = workspace };

        (HttpResponseMessage response, JsonNode? problem) = await this.Server.PostAsync("/api/turns", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind}: {(int)response.StatusCode} {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("invalid-request", problem!["code"]!.GetValue<string>());
        Assert.Equal("workspace", problem["field"]!.GetValue<string>());
        await this.AssertNotStartedAsync(conversation);
    }

    [Theory]
    [InlineData("conversationId")]
    [InlineData("turnId")]
    [InlineData("model")]
    public async Task An_overlong_or_control_laden_name_in_a_turn_answers_400_naming_the_field(string field)
    {
        foreach (string value in new[] { new string('n', 5000), "a\u0000b", "a\u001b[2Kb" })
        {
            JsonObject body = new() { ["conversationId"] = "c-" + Guid.NewGuid().ToString("N"), ["turnId"] = "t1", ["output"] = Scripts.Block("return 1;"), ["workspace"] = this.Server.Home.NewWorkspace() };
            body[field] = value;
            (HttpResponseMessage response, JsonNode? problem) = await this.Server.PostAsync("/api/turns", body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode} {problem}");
            Assert.Equal(field, problem!["field"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("/api/runs/sh-x-b0/approvals/1", "{\"decision\": \"approve\", \"decidedBy\": \"LONG\"}", "decidedBy")]
    [InlineData("/api/runs/sh-x-b0/approvals/1", "{\"decision\": \"deny\", \"reason\": \"HUGE\"}", "reason")]
    [InlineData("/api/runs/sh-x-b0/approvals", "{\"decisions\": [{\"callId\": 1, \"decision\": \"approve\", \"decidedBy\": \"a\\u0000b\"}]}", "decisions[0].decidedBy")]
    [InlineData("/api/runs/sh-x-b0/calls/1/result", "{\"result\": 1, \"decidedBy\": \"LONG\"}", "decidedBy")]
    [InlineData("/api/runs/sh-x-b0/terminate", "{\"requestedBy\": \"LONG\"}", "requestedBy")]
    [InlineData("/api/runs/sh-x-b0/terminate", "{\"reason\": \"HUGE\"}", "reason")]
    public async Task Overlong_or_NUL_text_fields_answer_400_naming_the_field(string path, string json, string field)
    {
        json = json.Replace("LONG", new string('d', 300), StringComparison.Ordinal).Replace("HUGE", new string('r', 5000), StringComparison.Ordinal);
        (HttpResponseMessage response, JsonNode? problem) = await this.Server.PostRawAsync(path, json);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {(int)response.StatusCode} {problem}");
        Assert.Equal(field, problem!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/api/nothing-here")]
    [InlineData("GET", "/api/runs/sh-x-b0/nothing")]
    [InlineData("POST", "/api/turns/extra/segments")]
    public async Task An_unknown_route_stays_404_and_has_a_problem_body(string method, string path)
    {
        (HttpStatusCode status, JsonNode problem) = await this.SendAsync(method, path, method == "POST" ? "{}" : null);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not-found", problem["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_method_or_media_type_has_a_problem_body()
    {
        (HttpStatusCode status, JsonNode problem) = await this.SendAsync("DELETE", "/api/turns", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("method-not-allowed", problem["code"]!.GetValue<string>());

        using StringContent text = new("conversationId=c", Encoding.UTF8, "text/plain");
        HttpResponseMessage response = await this.Server.Client.PostAsync("/api/turns", text);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("invalid-request", JsonNode.Parse(body)!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_turn_of_1500_blocks_is_refused_whole_with_the_limit_and_starts_nothing()
    {
        string conversation = "blocks-" + Guid.NewGuid().ToString("N");
        JsonObject body = new() { ["conversationId"] = conversation, ["turnId"] = "t1", ["output"] = Blocks(1500), ["workspace"] = this.Server.Home.NewWorkspace() };

        (HttpResponseMessage response, JsonNode? problem) = await this.Server.PostAsync("/api/turns", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {problem}");
        Assert.Equal("limit-exceeded", problem!["code"]!.GetValue<string>());
        Assert.Equal("blocksPerTurn", problem["limit"]!.GetValue<string>());
        Assert.Contains("1500", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("orchestrations:maxBlocksPerTurn", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await this.AssertNotStartedAsync(conversation);
    }

    [Fact]
    public async Task Seventeen_blocks_are_refused_and_sixteen_the_default_cap_are_accepted()
    {
        string refused = "blocks17-" + Guid.NewGuid().ToString("N");
        (HttpResponseMessage over, JsonNode? problem) = await this.Server.PostAsync("/api/turns", new JsonObject { ["conversationId"] = refused, ["turnId"] = "t1", ["output"] = Blocks(17), ["workspace"] = this.Server.Home.NewWorkspace() });
        Assert.Equal(HttpStatusCode.BadRequest, over.StatusCode);
        Assert.Equal("limit-exceeded", problem!["code"]!.GetValue<string>());
        await this.AssertNotStartedAsync(refused);

        (string turnId, string[] runs) = await this.Server.StartTurnAsync(Blocks(16));
        Assert.Equal(16, runs.Length);
        Assert.Equal(RunIds.Run(turnId, 15), runs[^1]);
    }

    private static string Blocks(int count) => string.Join("\n", Enumerable.Range(0, count).Select(i => Scripts.Block($"return {i};")));

    private async Task AssertNotStartedAsync(string conversation)
    {
        string turnId = RunIds.Turn(conversation, "t1");
        (HttpStatusCode status, JsonNode problem) = await this.SendAsync("GET", $"/api/runs/{turnId}", null);
        Assert.True(status == HttpStatusCode.NotFound, $"turn {turnId}: {(int)status} {problem}");
        (HttpStatusCode runStatus, _) = await this.SendAsync("GET", $"/api/runs/{RunIds.Run(turnId, 0)}", null);
        Assert.Equal(HttpStatusCode.NotFound, runStatus);
    }

    private async Task<(HttpStatusCode Status, JsonNode Problem)> SendAsync(string method, string path, string? body)
    {
        using HttpRequestMessage request = new(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response = await this.Server.Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(text), $"{method} {path[..Math.Min(path.Length, 60)]}: {(int)response.StatusCode} with an empty body");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonNode.Parse(text)!);
    }
}
