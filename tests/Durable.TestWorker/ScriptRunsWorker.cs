using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Durable.Options;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.Durable.TestWorker;

/// <summary>
/// Script runs in the test worker (<c>worker:scriptRuns</c>), wired as a host wires them, with
/// one tool, <c>note</c>, that the default policy asks about and that records
/// <c>note {idempotency key} {pid}</c>. With <c>worker:contract</c> one above the build's
/// <see cref="ReplayContract.Current"/>, the worker plays the next release: it registers
/// <see cref="NextContractScriptRunOrchestrator"/> as the run orchestrator and makes that contract
/// its version (still <c>CurrentOrOlder</c> with <c>Reject</c>).
/// </summary>
public static class ScriptRunsWorker
{
    /// <summary>The tool's name.</summary>
    public const string NoteTool = "note";

    /// <summary>Adds script runs to the worker.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, int contract, EffectLog effects)
    {
        int newest = contract == 0 ? ReplayContract.Current : contract;
        if (newest is < ReplayContract.Current or > ReplayContract.Current + 1)
        {
            throw new ArgumentOutOfRangeException(nameof(contract), contract, $"The test worker ships contract {ReplayContract.Current} or the next one.");
        }

        services.AddScriptHarnessTools(configuration, tools => tools.Add(
            new ToolDescriptor(NoteTool, "Records a note.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()),
            (invocation, _) =>
            {
                effects.Append(NoteTool, invocation.IdempotencyKey);
                return Task.FromResult(JsonSerializer.SerializeToElement(new { noted = invocation.CallId, pid = Environment.ProcessId }));
            }));

        if (newest > ReplayContract.Current)
        {
            // Registered before the harness's own run orchestrator, which then stays out.
            services.AddOptions<DurableTaskRegistry>().Configure<ToolRegistry>((registry, tools) =>
            {
                registry.AddOrchestrator(OrchestratorNames.ScriptRun, () => new NextContractScriptRunOrchestrator(tools, newest));
                registry.AddActivityFunc<string, string>(NextContractScriptRunOrchestrator.MarkerActivity, (_, instanceId) =>
                {
                    effects.Append("marker", instanceId);
                    return instanceId;
                });
            });
        }

        services.AddScriptHarnessOrchestrations(configuration);
        if (newest > ReplayContract.Current)
        {
            // After the harness's defaults, which name the build's contract.
            services.PostConfigure<DurableOptions>(options =>
            {
                options.Versioning.Version = ReplayContract.VersionOf(newest);
                options.Versioning.DefaultVersion = ReplayContract.VersionOf(newest);
            });
        }
    }
}
