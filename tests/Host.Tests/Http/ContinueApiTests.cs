using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Http;

/// <summary><c>POST /api/runs/{id}/continue</c>: a failed run continued with the corrected script reuses its completed calls; refusals are typed problems.</summary>
[Collection(ServerCollection.Name)]
public sealed class ContinueApiTests(ServerFixture fixture)
{
    private const string Patch = "await tools.applyPatch({ patch: \"*** Begin Patch\\n*** Add File: note.txt\\n+first\\n*** End Patch\" });";

    private Server Server => fixture.Server;

    [Fact]
    public async Task A_failed_run_continued_with_a_bare_script_reuses_its_patch_and_runs_the_rest()
    {
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block(Patch + "\nundefinedHelper();"));
        JsonNode failed = await this.Server.WaitForReportAsync(runs[0]);
        Assert.Equal("failed", failed["report"]!["status"]!.GetValue<string>());

        (HttpResponseMessage response, JsonNode? body) = await this.Server.PostAsync($"/api/runs/{runs[0]}/continue", new
        {
            output = Patch + "\nconst note = await tools.readFile({ path: 'note.txt' });\nreturn note.content.trim();",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string continued = body!["runs"]![0]!["instanceId"]!.GetValue<string>();

        JsonNode done = await this.Server.WaitForReportAsync(continued);
        Assert.Equal("completed", done["report"]!["status"]!.GetValue<string>());
        Assert.Equal("first", done["report"]!["result"]!.GetValue<string>());
        JsonArray calls = done["report"]!["calls"]!.AsArray();
        Assert.True(calls[0]!["reused"]!.GetValue<bool>());
        Assert.Null(calls[1]!["reused"]);
        Assert.Equal(runs[0], done["continuedFrom"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refusals_are_404_for_an_unknown_run_409_for_a_running_one_and_400_without_output()
    {
        (HttpResponseMessage unknown, JsonNode? unknownBody) = await this.Server.PostAsync("/api/runs/sh-00000000000000000000-b0/continue", new { output = "return 1;" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not-found", unknownBody!["code"]!.GetValue<string>());

        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"return ({Scripts.AskingCommand}).exitCode;"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);
        (HttpResponseMessage running, JsonNode? runningBody) = await this.Server.PostAsync($"/api/runs/{runs[0]}/continue", new { output = "return 1;" });
        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
        Assert.Equal("run-not-finished", runningBody!["code"]!.GetValue<string>());

        (HttpResponseMessage missing, JsonNode? missingBody) = await this.Server.PostAsync($"/api/runs/{runs[0]}/continue", new { turnId = "t2" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("invalid-request", missingBody!["code"]!.GetValue<string>());

        (HttpResponseMessage syntax, JsonNode? syntaxBody) = await this.Server.PostAsync($"/api/runs/{runs[0]}/continue", new { output = "return (1 + ;" });
        Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        Assert.Equal("syntax", syntaxBody!["code"]!.GetValue<string>());
    }
}
