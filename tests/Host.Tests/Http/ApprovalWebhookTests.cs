using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary>The approval webhooks: decisions, idempotency, conflicts, denial, expiry.</summary>
[Collection(ServerCollection.Name)]
public sealed class ApprovalWebhookTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    [Fact]
    public async Task I5_A_pending_approval_shows_the_call_and_the_run_resumes_when_approved()
    {
        string workspace = this.Server.Home.NewWorkspace();
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;"), workspace);

        JsonNode waiting = await this.Server.WaitForApprovalAsync(runs[0], 1);
        Assert.Equal("awaiting-approval", waiting["phase"]!.GetValue<string>());
        JsonNode pending = waiting["pending"]![0]!;
        Assert.Equal("exec", pending["tool"]!.GetValue<string>());
        Assert.Contains("echo checked", pending["args"]!["command"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("read-only", pending["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, pending["line"]!.GetValue<int>());
        Assert.False(File.Exists(Path.Combine(workspace, "checked.txt")));

        (HttpResponseMessage response, JsonNode? body) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "approve", decidedBy = "ada@example.com" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("delivered", body!["outcome"]!.GetValue<string>());

        JsonNode report = (await this.Server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("completed", report["status"]!.GetValue<string>());
        Assert.Equal(0, report["result"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(workspace, "checked.txt")));
        JsonNode decision = report["approvals"]![0]!["decision"]!;
        Assert.Equal("ada@example.com", decision["decidedBy"]!.GetValue<string>());
        Assert.StartsWith("key-", decision["keyId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_call_rejects_in_the_script_and_the_same_decision_twice_is_a_no_op_while_a_different_one_is_409()
    {
        string workspace = this.Server.Home.NewWorkspace();
        string script = $$"""
            try { {{Scripts.AskingCommand}}; return "ran"; }
            catch (e) { return e.code + ": " + e.message; }
            """;
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block(script), workspace);
        await this.Server.WaitForApprovalAsync(runs[0], 1);

        (HttpResponseMessage first, JsonNode? a) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "deny", reason = "not on a Friday", decidedBy = "bob" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("delivered", a!["outcome"]!.GetValue<string>());

        JsonNode report = (await this.Server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("completed", report["status"]!.GetValue<string>());
        Assert.StartsWith("approval-denied", report["result"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("not on a Friday", report["result"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("denied", report["calls"]![0]!["status"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(workspace, "checked.txt")));

        (HttpResponseMessage again, JsonNode? b) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "deny" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("already-decided", b!["outcome"]!.GetValue<string>());

        (HttpResponseMessage different, JsonNode? problem) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("decision-conflict", problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Parallel_pending_calls_are_decided_in_one_batch()
    {
        (string workspace, string run) = await this.Server.StartTwoWaitingCallsAsync();

        (HttpResponseMessage response, JsonNode? body) = await this.Server.PostAsync($"/api/runs/{run}/approvals", new
        {
            decisions = new object[] { new { callId = 1, decision = "approve", decidedBy = "ops" }, new { callId = 2, decision = "approve", decidedBy = "ops" } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(body!.AsArray(), o => Assert.Equal("delivered", o!["outcome"]!.GetValue<string>()));

        JsonNode report = (await this.Server.WaitForReportAsync(run))["report"]!;
        Assert.Equal(0, report["result"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(workspace, "a.txt")));
        Assert.True(File.Exists(Path.Combine(workspace, "b.txt")));
    }

    [Fact]
    public async Task I6_An_approval_that_expires_shows_up_as_a_timeout_in_the_report_and_the_history()
    {
        string script = $$"""
            try { {{Scripts.AskingCommand}}; return "ran"; }
            catch (e) { return e.code; }
            """;
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block(script), extra: new { approvalExpiry = "00:00:01" });

        JsonNode report = (await this.Server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("approval-expired", report["result"]!.GetValue<string>());
        Assert.Equal("timed-out", report["calls"]![0]!["status"]!.GetValue<string>());
        Assert.True(report["approvals"]![0]!["expired"]!.GetValue<bool>());

        JsonArray history = (await this.Server.GetJsonAsync($"/api/runs/{runs[0]}/history")).AsArray();
        Assert.Contains(history, e => e!["type"]!.GetValue<string>() == "timer-fired");
        Assert.DoesNotContain(history, e => e!["type"]!.GetValue<string>() == "task-scheduled" && e["name"]!.GetValue<string>() == "exec");

        // A decision that arrives after the expiry is refused.
        (HttpResponseMessage late, JsonNode? problem) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("decision-conflict", problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_turn_policy_narrows_the_host_policy_for_its_runs()
    {
        string script = """
            try { await tools.readFile({ path: "README.md" }); return "read"; }
            catch (e) { return e.code; }
            """;
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block(script), extra: new
        {
            policy = new { rules = new[] { new { tool = "readFile", action = "deny", reason = "no reading in this turn" } } },
        });

        JsonNode report = (await this.Server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("approval-denied", report["result"]!.GetValue<string>());
        Assert.Equal("deny", report["approvals"]![0]!["policy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deciding_an_unknown_run_or_a_call_that_does_not_wait_is_refused_with_its_code()
    {
        (HttpResponseMessage missing, JsonNode? notFound) = await this.Server.PostAsync("/api/runs/sh-nope-b0/approvals/1", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("not-found", notFound!["code"]!.GetValue<string>());

        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);
        (HttpResponseMessage wrongCall, JsonNode? unknown) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/7", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, wrongCall.StatusCode);
        Assert.Equal("unknown-call", unknown!["code"]!.GetValue<string>());

        (HttpResponseMessage noResult, JsonNode? notWaiting) = await this.Server.PostAsync($"/api/runs/{runs[0]}/calls/1/result", new { result = 1 });
        Assert.Equal(HttpStatusCode.Conflict, noResult.StatusCode);
        Assert.Equal("unknown-call", notWaiting!["code"]!.GetValue<string>());

        await this.Server.PostAsync($"/api/runs/{runs[0]}/terminate?force=true", new { });
    }
}
