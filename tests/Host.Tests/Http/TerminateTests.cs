using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary><c>POST /api/runs/{id}/terminate</c>: graceful with a report, or forced.</summary>
[Collection(ServerCollection.Name)]
public sealed class TerminateTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    [Fact]
    public async Task A_graceful_terminate_finishes_the_run_with_a_cancelled_report_and_the_pending_call_never_runs()
    {
        string workspace = this.Server.Home.NewWorkspace();
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"), workspace);
        await this.Server.WaitForApprovalAsync(runs[0], 1);

        (HttpResponseMessage response, _) = await this.Server.PostAsync($"/api/runs/{runs[0]}/terminate", new { reason = "user pressed stop", requestedBy = "ada" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        JsonNode report = (await this.Server.WaitForReportAsync(runs[0]))["report"]!;
        Assert.Equal("cancelled", report["status"]!.GetValue<string>());
        Assert.Contains("user pressed stop", report["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace, "checked.txt")));

        (HttpResponseMessage again, JsonNode? problem) = await this.Server.PostAsync($"/api/runs/{runs[0]}/terminate", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("run-finished", problem!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_forced_terminate_ends_the_run_at_once_without_a_report()
    {
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);

        HttpResponseMessage response = await this.Server.Client.PostAsync($"/api/runs/{runs[0]}/terminate?force=true", content: null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        JsonNode view = await this.Server.WaitForRunAsync(runs[0], v => v["runtimeStatus"]!.GetValue<string>() == "Terminated");
        Assert.Equal("cancelled", view["report"]!["status"]!.GetValue<string>());
        Assert.Equal("terminated", view["report"]!["error"]!["code"]!.GetValue<string>());
    }
}
