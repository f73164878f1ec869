using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary><c>POST /api/runs/{id}/rollback</c>: a new durable run undoes the run's patches; refusals are problems.</summary>
[Collection(ServerCollection.Name)]
public sealed class RollbackApiTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    [Fact]
    public async Task Rollback_answers_202_with_a_new_run_that_restores_both_files_byte_for_byte()
    {
        string workspace = this.Server.Home.NewWorkspace();
        (_, string[] runs) = await this.Server.StartTurnAsync(RollbackScripts.TwoPatches, workspace);
        Assert.Equal("completed", (await this.Server.WaitForReportAsync(runs[0]))["report"]!["status"]!.GetValue<string>());
        Assert.NotEqual(RollbackScripts.Original("src/greet.py"), await File.ReadAllBytesAsync(Path.Combine(workspace, "src/greet.py")));

        HttpResponseMessage response = await this.Server.Client.PostAsync($"/api/runs/{runs[0]}/rollback", content: null);
        JsonNode body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(runs[0], body["rollbackOf"]!.GetValue<string>());
        Assert.Equal([2, 1], body["calls"]!.AsArray().Select(c => c!.GetValue<int>()));
        string rollbackRun = body["runId"]!.GetValue<string>();
        Assert.Equal($"/api/runs/{rollbackRun}", response.Headers.Location?.OriginalString);
        Assert.Equal("completed", (await this.Server.WaitForReportAsync(rollbackRun))["report"]!["status"]!.GetValue<string>());
        Assert.Equal(RollbackScripts.Original("src/greet.py"), await File.ReadAllBytesAsync(Path.Combine(workspace, "src/greet.py")));
        Assert.Equal(RollbackScripts.Original("README.md"), await File.ReadAllBytesAsync(Path.Combine(workspace, "README.md")));
    }

    [Fact]
    public async Task An_unknown_run_is_404_and_a_run_without_patches_or_still_running_is_409()
    {
        HttpResponseMessage unknown = await this.Server.Client.PostAsync("/api/runs/sh-00000000000000000000-b0/rollback", content: null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not-found", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());

        (_, string[] plain) = await this.Server.StartTurnAsync(Scripts.Block("return 1;"));
        await this.Server.WaitForReportAsync(plain[0]);
        HttpResponseMessage nothing = await this.Server.Client.PostAsync($"/api/runs/{plain[0]}/rollback", content: null);
        Assert.Equal(HttpStatusCode.Conflict, nothing.StatusCode);
        Assert.Equal("application/problem+json", nothing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nothing-to-roll-back", JsonNode.Parse(await nothing.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());

        (_, string[] waiting) = await this.Server.StartTurnAsync(Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        await this.Server.WaitForApprovalAsync(waiting[0], 1);
        HttpResponseMessage running = await this.Server.Client.PostAsync($"/api/runs/{waiting[0]}/rollback", content: null);
        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
        Assert.Equal("run-not-finished", JsonNode.Parse(await running.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }
}
