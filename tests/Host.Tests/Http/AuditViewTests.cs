using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary><c>GET /api/runs/{id}/history?view=audit</c>: when each call was asked, decided, ran and finished.</summary>
[Collection(ServerCollection.Name)]
public sealed class AuditViewTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    [Fact]
    public async Task The_audit_view_lists_asked_decided_ran_and_finished_with_the_decider_in_order()
    {
        string workspace = this.Server.Home.NewWorkspace();
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;"), workspace);
        await this.Server.WaitForApprovalAsync(runs[0], 1);
        (HttpResponseMessage decided, _) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "approve", reason = "checked <b>it</b>", decidedBy = "ada@example.com" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await this.Server.WaitForReportAsync(runs[0]);

        JsonNode audit = await this.Server.GetJsonAsync($"/api/runs/{runs[0]}/history?view=audit");
        Assert.Equal(runs[0], audit["runId"]!.GetValue<string>());
        Assert.Equal(2, audit["contract"]!.GetValue<int>());
        JsonArray entries = audit["entries"]!.AsArray();
        Assert.Equal("started", entries[0]!["kind"]!.GetValue<string>());
        Assert.Equal("run-finished", entries[^1]!["kind"]!.GetValue<string>());
        List<JsonNode> call = [.. entries.Where(e => e!["callId"]?.GetValue<int>() == 1).Select(e => e!)];
        Assert.Equal(["asked", "decided", "ran", "finished"], call.Select(e => e["kind"]!.GetValue<string>()));
        Assert.Equal("exec", call[0]["tool"]!.GetValue<string>());
        Assert.Equal("approve", call[1]["verdict"]!.GetValue<string>());
        Assert.Equal("call", call[1]["scope"]!.GetValue<string>());
        Assert.Equal("ada@example.com", call[1]["decidedBy"]!.GetValue<string>());
        Assert.Equal("checked <b>it</b>", call[1]["reason"]!.GetValue<string>());
        Assert.StartsWith("key-", call[1]["keyId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_view_is_a_400_problem_naming_the_field()
    {
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block("return 1;"));
        await this.Server.WaitForReportAsync(runs[0]);
        HttpResponseMessage response = await this.Server.Client.GetAsync(new Uri($"/api/runs/{runs[0]}/history?view=everything", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("view", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
