using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary>
/// <c>GET /api/turns/{id}</c> against a real <c>serve</c> process: the turn's state, its pending
/// calls while paused, and once finished the follow-up in the turn's provider shape.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TurnFollowUpTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    public static TheoryData<string, string> Formats => new()
    {
        { "openai-responses.json", "openai-responses" },
        { "openai-chat.json", "openai-chat" },
        { "anthropic-messages.json", "anthropic" },
        { "gemini-generate-content.json", "gemini" },
    };

    public static TheoryData<string> I4Formats => ["openai-responses", "openai-chat", "anthropic", "gemini"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_finished_turn_gives_the_follow_up_in_its_provider_shape(string file, string provider)
    {
        JsonObject response = JsonNode.Parse(Scripts.ReadExample(file))!.AsObject();
        string turnId = await this.StartAsync(response, provider);

        JsonNode turn = await this.WaitForTurnAsync(turnId);

        Assert.Equal("completed", (string?)turn["state"]);
        Assert.Equal(provider, (string?)turn["provider"]);
        Assert.Empty(turn["toolCalls"]!.AsArray());
        Assert.Empty(turn["pending"]!.AsArray());
        JsonArray items = turn["items"]!.AsArray();
        (string? text, string? script, string? output) = FollowUpShape.Read(provider, items);
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.DoesNotContain("<tool-calls>", text, StringComparison.Ordinal);
        Assert.Contains("tools.", script, StringComparison.Ordinal);
        Assert.StartsWith("status: completed", output, StringComparison.Ordinal);
        Assert.Contains("result: ", output, StringComparison.Ordinal);

        // The model's thinking is kept, verbatim, in the provider's own item.
        switch (provider)
        {
            case "openai-responses":
                Assert.Equal("rs_example_01", (string?)items[0]!["id"]);
                break;
            case "anthropic":
                Assert.Equal("EXAMPLE-SIGNATURE", (string?)items[0]!["content"]![0]!["signature"]);
                break;
            case "gemini":
                Assert.True((bool?)items[0]!["parts"]![0]!["thought"]);
                Assert.NotNull(items[0]!["parts"]![1]!["thoughtSignature"]);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(I4Formats))]
    public async Task I4_A_turn_mixing_structured_tool_calls_and_a_script_runs_the_script_and_hands_the_calls_back_in_order(string provider)
    {
        JsonObject response = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Examples, "structured-and-script", provider + ".json")))!.AsObject();
        string turnId = await this.StartAsync(response, provider);

        JsonNode turn = await this.WaitForTurnAsync(turnId);

        Assert.Equal("completed", (string?)turn["state"]);

        // The script ran: its report is the output of its call.
        JsonArray runs = turn["runs"]!.AsArray();
        JsonNode report = (await this.Server.WaitForReportAsync((string)runs.Single()!["instanceId"]!))["report"]!;
        Assert.Equal(["greet", "farewell"], report["result"]!.AsArray().Select(n => (string?)n));

        // The structured calls did not run: they are handed back, in their original order, with their arguments.
        Assert.Collection(
            turn["toolCalls"]!.AsArray(),
            c =>
            {
                Assert.Equal("lookup_style_guide", (string?)c!["name"]);
                Assert.Equal("python docstrings", (string?)c["arguments"]!["topic"]);
            },
            c =>
            {
                Assert.Equal("file_issue", (string?)c!["name"]);
                Assert.Equal("farewell has no test", (string?)c["arguments"]!["title"]);
            });
        JsonArray items = turn["items"]!.AsArray();
        string[] order = provider == "openai-chat" ? ["script", "lookup_style_guide", "file_issue"] : ["lookup_style_guide", "script", "file_issue"];
        Assert.Equal(order, FollowUpShape.CallNames(provider, items));
        (_, _, string? output) = FollowUpShape.Read(provider, items);
        Assert.Contains("[\"greet\",\"farewell\"]", output, StringComparison.Ordinal);
        Assert.Equal(1, FollowUpShape.OutputCount(provider, items));
    }

    [Fact]
    public async Task A_turn_waiting_for_approval_is_paused_with_its_pending_call_then_completes_when_approved()
    {
        // Writing git attributes asks under the default policy (and needs no command sandbox).
        string output = Scripts.Block("await tools.applyPatch({ patch: \"*** Begin Patch\\n*** Add File: .gitattributes\\n+*.py text\\n*** End Patch\" });\nreturn 'done';");
        (string turnId, string[] runs) = await this.Server.StartTurnAsync(output, extra: new { provider = "text" });
        await this.Server.WaitForApprovalAsync(runs[0], 1);

        JsonNode paused = await this.Server.GetJsonAsync($"/api/turns/{turnId}");

        Assert.Equal("paused", (string?)paused["state"]);
        Assert.Null(paused["items"]);
        JsonNode pending = Assert.Single(paused["pending"]!.AsArray())!;
        Assert.Equal(1, (int?)pending["callId"]);
        Assert.Equal("applyPatch", (string?)pending["tool"]);
        Assert.Contains(".gitattributes", (string?)pending["arguments"]!["patch"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)pending["reason"]));
        Assert.True(DateTime.Parse((string)pending["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal("approval", (string?)pending["kind"]);

        (HttpResponseMessage decided, _) = await this.Server.PostAsync((string)pending["approvalUrl"]!, new { decision = "approve", decidedBy = "test" });
        Assert.True(decided.IsSuccessStatusCode);

        JsonNode done = await this.WaitForTurnAsync(turnId, "?provider=openai-chat");
        Assert.True((string?)done["state"] == "completed", done.ToJsonString());
        Assert.Equal("openai-chat", (string?)done["provider"]);
        Assert.Contains("result: \"done\"", (string?)done["items"]![1]!["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_whose_script_throws_is_failed_and_its_follow_up_carries_the_error_to_the_model()
    {
        (string turnId, _) = await this.Server.StartTurnAsync(Scripts.Block("throw new Error('boom at line one');"));

        JsonNode turn = await this.WaitForTurnAsync(turnId, "?provider=anthropic");

        Assert.Equal("failed", (string?)turn["state"]);
        JsonNode result = turn["items"]![1]!["content"]![0]!;
        Assert.Equal("tool_result", (string?)result["type"]);
        Assert.True((bool?)result["is_error"]);
        Assert.Contains("boom at line one", (string?)result["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_text_turn_without_a_requested_shape_gives_no_items()
    {
        (string turnId, _) = await this.Server.StartTurnAsync(Scripts.Block("return 1;"));

        JsonNode turn = await this.WaitForTurnAsync(turnId);

        Assert.Equal("completed", (string?)turn["state"]);
        Assert.Equal("text", (string?)turn["provider"]);
        Assert.Null(turn["items"]);
    }

    [Fact]
    public async Task Unknown_turns_are_404_and_bad_ids_or_providers_are_400_typed_problems()
    {
        HttpResponseMessage unknown = await this.Server.Client.GetAsync("/api/turns/sh-nobody-t1");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Equal("not-found", (string?)JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["code"]);

        // A run's id names a run, not a turn.
        (string turnId, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block("return 1;"));
        Assert.Equal(HttpStatusCode.NotFound, (await this.Server.Client.GetAsync($"/api/turns/{runs[0]}")).StatusCode);

        HttpResponseMessage bad = await this.Server.Client.GetAsync("/api/turns/bad!id");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid-request", (string?)JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["code"]);

        HttpResponseMessage badProvider = await this.Server.Client.GetAsync($"/api/turns/{turnId}?provider=cohere");
        Assert.Equal(HttpStatusCode.BadRequest, badProvider.StatusCode);
        JsonNode problem = JsonNode.Parse(await badProvider.Content.ReadAsStringAsync())!;
        Assert.Equal("provider", (string?)problem["field"]);
        Assert.Contains("gemini", (string?)problem["detail"], StringComparison.Ordinal);
    }

    private async Task<string> StartAsync(JsonObject response, string provider)
    {
        JsonObject body = new()
        {
            ["conversationId"] = $"fu-{provider}-{Guid.NewGuid():N}",
            ["turnId"] = "t1",
            ["provider"] = provider,
            ["output"] = response,
            ["workspace"] = this.Server.Home.NewWorkspace(),
        };
        (HttpResponseMessage http, JsonNode? accepted) = await this.Server.PostAsync("/api/turns", body);
        Assert.True(http.StatusCode == HttpStatusCode.Accepted, $"{(int)http.StatusCode} {accepted}");
        return (string)accepted!["turnId"]!;
    }

    // Polls the turn until it has finished (generous timeout; fails with the last view).
    private async Task<JsonNode> WaitForTurnAsync(string turnId, string query = "")
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await this.Server.GetJsonAsync($"/api/turns/{turnId}{query}");
            if ((string?)last["state"] is "completed" or "failed")
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Turn {turnId} did not finish. Last view: {last}");
    }
}
