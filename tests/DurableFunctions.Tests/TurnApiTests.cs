using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Samples.DurableFunctions;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.DurableFunctions;

/// <summary>
/// The sample's HTTP handlers against <see cref="ScriptRunClient"/> over the harness's in-memory
/// backend (the Functions host, which would run them in Azure, cannot be installed here): a turn
/// starts, waits for approval of a tool that declares no effect, the webhook approves, the run completes.
/// </summary>
public sealed class TurnApiTests : IAsyncLifetime
{
    private readonly string workspace = Directory.CreateTempSubdirectory("sh-functions-").FullName;
    private IHost host = null!;

    private ScriptRunClient Runs => this.host.Services.GetRequiredService<ScriptRunClient>();

    public async Task InitializeAsync()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["durable:backend"] = "inMemory" })
            .Build();
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddScriptHarness(configuration, tools => tools.Add(
            "lookup", "Looks a ticket up.", JsonSerializer.SerializeToElement(new { type = "object" }), resultSchema: null,
            (call, ct) => Task.FromResult(JsonSerializer.SerializeToElement(new { status = "open" }))));
        this.host = builder.Build();
        await this.host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await this.host.StopAsync();
        this.host.Dispose();
        Directory.Delete(this.workspace, recursive: true);
    }

    [Fact]
    public async Task Turn_waits_for_the_webhook_and_completes_once_approved()
    {
        string body = JsonSerializer.Serialize(new
        {
            conversationId = "c-1",
            turnId = "t-1",
            scripts = new[] { "const t = await tools.lookup({ id: 7 }); return t.status;" },
            workspace = this.workspace,
        });

        ApiResponse started = await TurnApi.StartTurnAsync(this.Runs, body, default);
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        string runId = Assert.IsType<TurnStart>(started.Body).RunInstanceIds.Single();

        RunView waiting = await this.WaitForPhaseAsync(runId, RunPhase.AwaitingApproval);
        int callId = waiting.Status!.Pending.Single().CallId;

        ApiResponse decided = await TurnApi.DecideAsync(this.Runs, runId, callId, """{ "verdict": "approve", "decidedBy": "alice" }""", default);
        Assert.Equal(HttpStatusCode.OK, decided.Status);

        RunView done = await this.Runs.WaitForRunAsync(runId);
        ApiResponse view = await TurnApi.GetRunAsync(this.Runs, runId, default);
        Assert.Equal(HttpStatusCode.OK, view.Status);
        ScriptRunReport report = Assert.IsType<RunView>(view.Body).Output!.Report;
        Assert.Equal(ScriptRunStatus.Completed, report.Status);
        Assert.Equal("open", report.Result!.Value.GetString());
        Assert.Equal(done.InstanceId, runId);
    }

    [Fact]
    public async Task Bad_bodies_and_unknown_runs_get_client_errors()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await TurnApi.StartTurnAsync(this.Runs, "not json", default)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await TurnApi.GetRunAsync(this.Runs, "sh-nothing", default)).Status);
        ApiResponse decision = await TurnApi.DecideAsync(this.Runs, "sh-nothing", 1, """{ "verdict": "deny" }""", default);
        Assert.Equal(HttpStatusCode.NotFound, decision.Status);
    }

    private async Task<RunView> WaitForPhaseAsync(string runId, RunPhase phase)
    {
        // Bounded so a run that never asks fails the test instead of hanging the suite.
        for (int poll = 0; poll < 2400; poll++)
        {
            RunView? run = await this.Runs.GetRunAsync(runId);
            if (run?.Status?.Phase == phase)
            {
                return run;
            }

            Assert.False(run?.Output is not null, $"the run finished without reaching {phase}");
            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"run {runId} never reached {phase}");
    }
}
