using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Durable.History;
using ScriptHarness.Durable.Hosting;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

/// <summary>
/// Simulates a harness upgrade under a paused run: the worker's tool list changes order while the
/// run waits for an approval. A run started without its tool list in its input replays with the
/// worker's new order and makes a different call at a recorded position; a run whose input
/// recorded the list (what <see cref="ScriptRunClient"/> does when it knows the tools) replays
/// with the order it started with.
/// </summary>
public sealed class NonDeterminismTests : IAsyncLifetime
{
    private readonly ToolRegistry before = Registry("add", "sub");
    private readonly ToolRegistry after = Registry("sub", "add");
    private IHost? host;
    private volatile bool upgraded;

    public async Task InitializeAsync()
    {
        Dictionary<string, string?> settings = HarnessFixture.BaseSettings();
        settings["orchestrations:approvals:rules:4:tool"] = "sub";
        settings["orchestrations:approvals:rules:4:action"] = "allow";
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddScriptHarnessDurable(builder.Configuration, registry =>
        {
            // Wired by hand (not AddScriptHarnessOrchestrations) so the test decides which tools a new orchestrator sees.
            registry.AddOrchestrator(OrchestratorNames.ScriptRun, () => new ScriptRunOrchestrator(this.upgraded ? this.after : this.before));
            registry.AddOrchestrator(OrchestratorNames.ScriptTurn, typeof(ScriptTurnOrchestrator));
            registry.AddActivity(CancelToolCallsActivity.Name, typeof(CancelToolCallsActivity));
            foreach (string name in this.before.Names)
            {
                registry.AddActivity(name, _ => new ToolActivity(this.before.Get(name), new ToolCancellation()));
            }
        });
        builder.Services.AddOrchestrationsOptions(builder.Configuration);
        builder.Services.AddOptions<ScriptHarness.ScriptRuntime.Limits.ScriptLimits>();
        builder.Services.AddSingleton<ScriptRunClient>();
        this.host = builder.Build();
        await this.host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (this.host is not null)
        {
            await this.host.StopAsync(TimeSpan.FromSeconds(15));
            this.host.Dispose();
        }
    }

    [Fact]
    public async Task A_replay_that_calls_a_different_tool_fails_the_run_with_non_determinism_naming_the_call_and_both_tools()
    {
        ScriptRunClient runs = this.host!.Services.GetRequiredService<ScriptRunClient>();
        RunView failed = await this.RunAcrossUpgradeAsync(runs, "await tools[context.tools[0]]({ a: 2, b: 1 }); await tools.record({}); return 'done';");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(ScriptErrorCode.NonDeterminism.ToCode(), failed.Failure!.Code);
        Assert.Equal(1, failed.Failure.CallId);
        Assert.Equal("add", failed.Failure.RecordedTool);
        Assert.Equal("sub", failed.Failure.ReplayedTool);
    }

    [Fact]
    public async Task A_run_whose_input_recorded_its_tool_list_completes_after_the_worker_reorders_its_tools()
    {
        IServiceProvider services = this.host!.Services;
        ScriptRunClient runs = new(
            services.GetRequiredService<DurableTaskClient>(),
            services.GetRequiredService<IAuditHistoryReader>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OrchestrationsOptions>>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<ScriptHarness.ScriptRuntime.Limits.ScriptLimits>>(),
            this.before);
        RunView done = await this.RunAcrossUpgradeAsync(runs, "const first = await tools[context.tools[0]]({ a: 2, b: 1 }); await tools.record({}); return first.name;");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("add", done.Output!.Report.Result!.Value.GetString());
    }

    // Starts the script, waits until its second call asks for approval, "upgrades" the worker's
    // tool list, approves, and returns the finished run: the replay after the approval is the
    // one that sees the upgraded worker.
    private async Task<RunView> RunAcrossUpgradeAsync(ScriptRunClient runs, string script)
    {
        TurnStart started = await runs.StartTurnAsync(new TurnRequest($"conv-{Guid.NewGuid():N}", "t", [script], "/"));
        string id = started.RunInstanceIds[0];
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(90));
        while ((await runs.GetRunAsync(id, timeout.Token))?.Status?.Pending is not { Count: > 0 })
        {
            await Task.Delay(25, timeout.Token);
        }

        this.upgraded = true;
        await runs.DecideAsync(id, 2, new(ScriptHarness.Orchestrations.Events.DecisionVerdict.Approve));
        return await runs.WaitForRunAsync(id, timeout.Token);
    }

    private static ToolRegistry Registry(params string[] arithmetic)
    {
        List<ITool> tools = [];
        foreach (string name in arithmetic)
        {
            tools.Add(new DelegateTool(
                new ToolDescriptor(name, name, JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()),
                (_, _) => Task.FromResult(JsonSerializer.SerializeToElement(new { name }))));
        }

        tools.Add(new DelegateTool(
            new ToolDescriptor("record", "record", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()),
            (_, _) => Task.FromResult(JsonSerializer.SerializeToElement(new { recorded = true }))));
        return new ToolRegistry(tools);
    }
}
