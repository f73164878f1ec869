using System.Net;
using System.Text.Json.Nodes;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.EndToEnd;

/// <summary>
/// The product's promise end to end: a run waiting for approval survives a SIGKILL of the server,
/// resumes from the SQLite file when approved through the webhook, and no completed call runs twice.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private readonly TempHome home = new();
    private Server server = null!;

    public async Task InitializeAsync()
    {
        this.home.WriteHostJson();
        this.server = new Server(this.home);
        await this.server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await this.server.DisposeAsync();
        this.home.Dispose();
    }

    [Fact]
    public async Task A_run_waiting_for_approval_survives_SIGKILL_and_completes_after_the_webhook_with_every_call_once()
    {
        string workspace = this.home.Workspace;
        string script = """
            const [greet, tests] = await Promise.all([
              tools.readFile({ path: "src/greet.py" }),
              tools.readFile({ path: "tests/test_greet.py" }),
            ]);
            await tools.applyPatch({ patch: "*** Begin Patch\n*** Update File: README.md\n@@\n+patched before the approval\n*** End Patch" });
            const check = await tools.exec({ command: ["sh", "-c", "grep -c 'def ' src/greet.py > defs.txt"] });
            await tools.applyPatch({ patch: "*** Begin Patch\n*** Add File: CHANGELOG.md\n+patched after the approval\n*** End Patch" });
            return { lines: greet.totalLines + tests.totalLines, exit: check.exitCode };
            """;
        (_, string[] runs) = await this.server.StartTurnAsync(Scripts.Block(script), workspace, conversation: "crash-" + Guid.NewGuid().ToString("N"));
        string runId = runs[0];

        JsonNode waiting = await this.server.WaitForApprovalAsync(runId, 4);
        Assert.Equal("exec", waiting["pending"]![0]!["tool"]!.GetValue<string>());
        Assert.Equal(1, Count(File.ReadAllText(Path.Combine(workspace, "README.md")), "patched before the approval"));

        await this.server.KillAsync();
        await this.server.StartAsync();

        JsonNode stillWaiting = await this.server.WaitForApprovalAsync(runId, 4);
        Assert.Equal("Running", stillWaiting["runtimeStatus"]!.GetValue<string>());
        (HttpResponseMessage response, _) = await this.server.PostAsync($"/api/runs/{runId}/approvals/4", new { decision = "approve", decidedBy = "reviewer@example.com", reason = "looks safe" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        JsonNode report = (await this.server.WaitForReportAsync(runId))["report"]!;
        Assert.Equal("completed", report["status"]!.GetValue<string>());
        Assert.Equal(0, report["result"]!["exit"]!.GetValue<int>());
        Assert.Equal(5, report["calls"]!.AsArray().Count);

        // Each patch applied exactly once, although the script was replayed after the crash.
        Assert.Equal(1, Count(File.ReadAllText(Path.Combine(workspace, "README.md")), "patched before the approval"));
        Assert.Equal("patched after the approval\n", File.ReadAllText(Path.Combine(workspace, "CHANGELOG.md")));
        Assert.Equal("2", File.ReadAllText(Path.Combine(workspace, "defs.txt")).Trim());

        JsonArray history = (await this.server.GetJsonAsync($"/api/runs/{runId}/history")).AsArray();
        string[] scheduled = [.. history.Where(e => e!["type"]!.GetValue<string>() == "task-scheduled").Select(e => e!["name"]!.GetValue<string>())];
        // Replay contract 2 records the moment call 4 started waiting as an activity of its own.
        Assert.Equal(["readFile", "readFile", "applyPatch", "ScriptHarness.CallAwaitingDecision", "exec", "applyPatch"], scheduled);
        Assert.Equal(6, history.Count(e => e!["type"]!.GetValue<string>() == "task-completed"));
        JsonNode approval = Assert.Single(history, e => e!["type"]!.GetValue<string>() == "event-raised" && e["name"]!.GetValue<string>() == "approval-4")!;
        Assert.Equal("reviewer@example.com", approval["payload"]!["DecidedBy"]?.GetValue<string>() ?? approval["payload"]!["decidedBy"]!.GetValue<string>());
    }

    private static int Count(string text, string needle) => (text.Length - text.Replace(needle, string.Empty, StringComparison.Ordinal).Length) / needle.Length;
}
