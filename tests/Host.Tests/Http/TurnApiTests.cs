using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary><c>POST /api/turns</c> against a real <c>serve</c> process and SQLite file.</summary>
[Collection(ServerCollection.Name)]
public sealed class TurnApiTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    [Theory]
    [InlineData("I1", "openai-responses.json", "openai-responses")]
    [InlineData("I2", "openai-chat.json", "openai-chat")]
    [InlineData("I3", "anthropic-messages.json", "anthropic")]
    [InlineData("gemini", "gemini-generate-content.json", "gemini")]
    public async Task I1_I3_A_provider_response_runs_its_script_end_to_end(string id, string file, string provider)
    {
        JsonNode response = JsonNode.Parse(Scripts.ReadExample(file))!;
        JsonObject body = new()
        {
            ["conversationId"] = $"{id}-{Guid.NewGuid():N}",
            ["turnId"] = "t1",
            ["provider"] = provider,
            ["output"] = response,
            ["workspace"] = this.Server.Home.NewWorkspace(),
        };
        (HttpResponseMessage http, JsonNode? accepted) = await this.Server.PostAsync("/api/turns", body);
        Assert.Equal(HttpStatusCode.Accepted, http.StatusCode);
        string runId = accepted!["runs"]![0]!["instanceId"]!.GetValue<string>();

        JsonNode view = await this.Server.WaitForReportAsync(runId);
        JsonNode report = view["report"]!;
        Assert.Equal("completed", report["status"]!.GetValue<string>());
        JsonArray calls = report["calls"]!.AsArray();
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Equal("ok", c!["status"]!.GetValue<string>()));
        Assert.NotNull(report["result"]);
    }

    [Fact]
    public async Task I10_The_blocks_of_a_turn_run_in_order_and_the_history_keeps_them_in_order()
    {
        string workspace = this.Server.Home.NewWorkspace();
        string output = "First I write a note, then I read it back.\n" +
            "<tool-calls>\nawait tools.applyPatch({ patch: \"*** Begin Patch\\n*** Add File: note.txt\\n+first\\n*** End Patch\" });\nreturn 1;\n</tool-calls>\n" +
            "Now reading it.\n" +
            "<tool-calls>\nconst note = await tools.readFile({ path: \"note.txt\" });\nreturn note.content.trim();\n</tool-calls>";
        (string turnId, string[] runs) = await this.Server.StartTurnAsync(output, workspace);
        Assert.Equal(2, runs.Length);

        JsonNode second = await this.Server.WaitForReportAsync(runs[1]);
        Assert.Equal("completed", second["report"]!["status"]!.GetValue<string>());
        Assert.Equal("first", second["report"]!["result"]!.GetValue<string>());

        JsonNode turn = await this.Server.WaitForRunAsync(turnId, v => v["runtimeStatus"]!.GetValue<string>() == "Completed");
        JsonArray history = (await this.Server.GetJsonAsync($"/api/runs/{turnId}/history")).AsArray();
        string[] created = [.. history.Where(e => e!["type"]!.GetValue<string>() == "sub-orchestration-instance-created").Select(e => e!["instanceId"]!.GetValue<string>())];
        Assert.Equal(runs, created);
        Assert.Equal("Completed", turn["runtimeStatus"]!.GetValue<string>());
        Assert.Equal(runs, turn["runs"]!.AsArray().Select(r => r!["instanceId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task I8_A_dry_run_turn_reports_what_would_run_and_changes_nothing()
    {
        string workspace = this.Server.Home.NewWorkspace();
        string before = File.ReadAllText(Path.Combine(workspace, "src", "greet.py"));
        string output = Scripts.Block("""
            await tools.applyPatch({ patch: "*** Begin Patch\n*** Delete File: src/greet.py\n*** End Patch" });
            const r = await tools.exec({ command: ["sh", "-c", "rm -rf tests"] });
            return r.exitCode;
            """);
        (_, string[] runs) = await this.Server.StartTurnAsync(output, workspace, extra: new { mode = "dry-run" });

        JsonNode report = (await this.Server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("completed", report["status"]!.GetValue<string>());
        Assert.True(report["dryRun"]!.GetValue<bool>());
        Assert.Equal(2, report["calls"]!.AsArray().Count);
        Assert.Equal(before, File.ReadAllText(Path.Combine(workspace, "src", "greet.py")));
        Assert.True(Directory.Exists(Path.Combine(workspace, "tests")));
    }

    [Fact]
    public async Task An_output_without_a_script_answers_200_script_false_and_starts_nothing()
    {
        (HttpResponseMessage response, JsonNode? body) = await this.Server.PostAsync("/api/turns", new
        {
            conversationId = "plain-" + Guid.NewGuid().ToString("N"),
            turnId = "t1",
            output = "Just text. A fenced example is not a script:\n```js\n<tool-calls>return 1</tool-calls>\n```",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body!["script"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("const x: number = 1; return x;", "typescript-syntax")]
    [InlineData("return (1 + ;", "syntax")]
    public async Task A_script_that_does_not_parse_answers_400_with_the_typed_error_and_starts_nothing(string script, string code)
    {
        string conversation = "bad-" + Guid.NewGuid().ToString("N");
        (HttpResponseMessage response, JsonNode? body) = await this.Server.PostAsync("/api/turns", new { conversationId = conversation, turnId = "t1", output = Scripts.Block(script) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(code, body!["code"]!.GetValue<string>());
        Assert.Equal(0, body["block"]!.GetValue<int>());
        Assert.True(body["line"]!.GetValue<int>() >= 1);

        JsonNode page = await this.Server.GetJsonAsync("/api/runs?pageSize=1000");
        Assert.DoesNotContain(page["items"]!.AsArray(), i => i!["instanceId"]!.GetValue<string>().Contains(conversation, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_turn_posted_twice_returns_the_same_instances_and_starts_no_second_run()
    {
        string workspace = this.Server.Home.NewWorkspace();
        string conversation = "dup-" + Guid.NewGuid().ToString("N");
        string output = Scripts.Block("""await tools.applyPatch({ patch: "*** Begin Patch\n*** Add File: once.txt\n+x\n*** End Patch" }); return 1;""");
        object body = new { conversationId = conversation, turnId = "t1", output, workspace };

        (HttpResponseMessage first, JsonNode? a) = await this.Server.PostAsync("/api/turns", body);
        (HttpResponseMessage second, JsonNode? b) = await this.Server.PostAsync("/api/turns", body);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.False(a!["alreadyStarted"]!.GetValue<bool>());
        Assert.True(b!["alreadyStarted"]!.GetValue<bool>());
        Assert.Equal(a["runs"]!.ToJsonString(), b["runs"]!.ToJsonString());

        string runId = a["runs"]![0]!["instanceId"]!.GetValue<string>();
        Assert.Equal("completed", (await this.Server.WaitForReportAsync(runId))["report"]!["status"]!.GetValue<string>());

        // Posted again after it finished: still the same instance, and the file was written once.
        (HttpResponseMessage third, JsonNode? c) = await this.Server.PostAsync("/api/turns", body);
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        Assert.Equal(runId, c!["runs"]![0]!["instanceId"]!.GetValue<string>());
        JsonArray history = (await this.Server.GetJsonAsync($"/api/runs/{runId}/history")).AsArray();
        Assert.Single(history, e => e!["type"]!.GetValue<string>() == "task-scheduled" && e["name"]!.GetValue<string>() == "applyPatch");
    }

    [Fact]
    public async Task Every_run_url_a_turn_hands_out_answers_200_pending_at_once_and_a_delivered_decision_shows_decided_not_pending()
    {
        string workspace = this.Server.Home.NewWorkspace();
        string output = Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;") + "\n" + Scripts.Block("return 2;");
        (_, string[] runs) = await this.Server.StartTurnAsync(output, workspace);

        // Right away, before the turn orchestrator started either run.
        foreach (string runId in runs)
        {
            HttpResponseMessage response = await this.Server.Client.GetAsync($"/api/runs/{runId}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        JsonNode second = await this.Server.GetJsonAsync($"/api/runs/{runs[1]}");
        Assert.Equal("Pending", second["runtimeStatus"]!.GetValue<string>());
        Assert.True(second["planned"]!.GetValue<bool>());
        Assert.Empty(second["pending"]!.AsArray());

        await this.Server.WaitForApprovalAsync(runs[0], 1);
        Assert.True((await this.Server.GetJsonAsync($"/api/runs/{runs[1]}"))["planned"]!.GetValue<bool>());
        (HttpResponseMessage decided, _) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "approve", decidedBy = "ada" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);

        // From the moment it is delivered the call is never pending again: decided (delivered
        // until the run's next episode records it), then the report.
        JsonNode? view = null;
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (view?["report"] is not JsonObject)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Run {runs[0]} did not report. Last view: {view}");
            view = await this.Server.GetJsonAsync($"/api/runs/{runs[0]}");
            Assert.DoesNotContain(view["pending"]!.AsArray(), p => p!["callId"]!.GetValue<int>() == 1);
            if (view["report"] is not JsonObject)
            {
                JsonNode call = Assert.Single(view["decided"]!.AsArray(), d => d!["callId"]!.GetValue<int>() == 1)!;
                Assert.Equal("approve", call["verdict"]!.GetValue<string>());
                await Task.Delay(20);
            }
        }

        JsonNode last = await this.Server.WaitForReportAsync(runs[1]);
        Assert.False(last["planned"]!.GetValue<bool>());
        Assert.Equal("completed", last["report"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_ids_with_a_different_output_answer_409_turn_conflict()
    {
        string conversation = "conflict-" + Guid.NewGuid().ToString("N");
        string workspace = this.Server.Home.NewWorkspace();
        (HttpResponseMessage first, _) = await this.Server.PostAsync("/api/turns", new { conversationId = conversation, turnId = "t1", output = Scripts.Block("return 1;"), workspace });
        (HttpResponseMessage second, JsonNode? problem) = await this.Server.PostAsync("/api/turns", new { conversationId = conversation, turnId = "t1", output = Scripts.Block("return 2;"), workspace });
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("turn-conflict", problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_workspace_outside_the_allowed_roots_is_refused_naming_the_field()
    {
        (HttpResponseMessage response, JsonNode? problem) = await this.Server.PostAsync("/api/turns", new
        {
            conversationId = "ws-" + Guid.NewGuid().ToString("N"),
            turnId = "t1",
            output = Scripts.Block("return 1;"),
            workspace = "/",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("workspace", problem!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Runs_are_listed_by_status_a_page_at_a_time()
    {
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block("return 42;"));
        await this.Server.WaitForReportAsync(runs[0]);

        JsonNode page = await this.Server.GetJsonAsync("/api/runs?status=Completed&pageSize=1");
        JsonArray items = page["items"]!.AsArray();
        Assert.Single(items);
        Assert.Equal("Completed", items[0]!["runtimeStatus"]!.GetValue<string>());
        Assert.NotNull(page["continuationToken"]);

        JsonNode next = await this.Server.GetJsonAsync($"/api/runs?status=Completed&pageSize=1&continuationToken={Uri.EscapeDataString(page["continuationToken"]!.GetValue<string>())}");
        Assert.NotEqual(items[0]!["instanceId"]!.GetValue<string>(), next["items"]![0]!["instanceId"]!.GetValue<string>());

        HttpResponseMessage bad = await this.Server.Client.GetAsync("/api/runs?status=Sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
