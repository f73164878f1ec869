using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary><c>DELETE /api/runs/{id}</c>: a finished run is purged; a running one is refused and kept.</summary>
[Collection(ServerCollection.Name)]
public sealed class PurgeTests(ServerFixture fixture)
{
    private Server Server => fixture.Server;

    [Fact]
    public async Task Purging_a_running_turn_is_refused_with_run_not_finished_and_deletes_nothing()
    {
        (string turnId, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);

        HttpResponseMessage response = await this.Server.Client.DeleteAsync($"/api/runs/{turnId}");
        JsonNode problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("run-not-finished", problem["code"]!.GetValue<string>());
        Assert.Contains("Terminate it first", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Running", (await this.Server.GetJsonAsync($"/api/runs/{runs[0]}"))["runtimeStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Purging_a_terminated_turn_deletes_it_with_its_runs()
    {
        (string turnId, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);
        Assert.Equal(HttpStatusCode.Accepted, (await this.Server.Client.PostAsync($"/api/runs/{turnId}/terminate?force=true", content: null)).StatusCode);
        await this.Server.WaitForRunAsync(turnId, v => v["runtimeStatus"]!.GetValue<string>() == "Terminated");

        HttpResponseMessage response = await this.Server.Client.DeleteAsync($"/api/runs/{turnId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["purged"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await this.Server.Client.GetAsync($"/api/runs/{runs[0]}")).StatusCode);
    }
}
