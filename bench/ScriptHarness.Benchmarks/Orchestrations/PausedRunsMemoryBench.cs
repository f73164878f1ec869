using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Durable.Hosting;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Orchestrations;

/// <summary>
/// Process memory while many script runs wait for approval on the embedded SQLite store, with
/// live-run caching off and on (the default): a paused run should live only in the store, so the
/// managed heap stays flat as the number of paused runs grows (the seed's QuickJS kept a
/// suspended sandbox each). With caching on, a run that waits for a human ends its session at
/// once, so it neither stays in memory nor holds a dispatcher slot.
/// </summary>
public sealed class PausedRunsMemoryBench : IQuickBench
{
    private const string Tool = "gated";
    private static readonly int[] Checkpoints = [1_000, 10_000];

    public string Name => "paused-memory";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        foreach (bool sessions in new[] { false, true })
        {
            await RunModeAsync(sessions, output, cancellationToken);
        }
    }

    private static async Task RunModeAsync(bool sessions, TextWriter output, CancellationToken cancellationToken)
    {
        string folder = Directory.CreateTempSubdirectory("bench-paused-").FullName;
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["durable:backend"] = "sqlite",
            ["durable:sqlite:databasePath"] = Path.Combine(folder, "paused.db"),
            ["durable:sqlite:synchronous"] = "Normal",
            ["durable:sqlite:extendedSessionsEnabled"] = sessions ? "true" : "false",
        });
        builder.Services.AddScriptHarnessDurable(builder.Configuration);
        builder.Services.AddScriptHarnessTools(builder.Configuration, tools => tools.Add(
            new ToolDescriptor(Tool, "Needs approval.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()),
            (_, _) => Task.FromResult(JsonSerializer.SerializeToElement(new { ok = true }))));
        builder.Services.AddScriptHarnessOrchestrations(builder.Configuration);
        using IHost host = builder.Build();
        await host.StartAsync(cancellationToken);
        DurableTaskClient client = host.Services.GetRequiredService<DurableTaskClient>();

        // The default policy asks before a tool it does not know: every run pauses on its first call.
        ScriptRunInput input = new($"const r = await tools.{Tool}({{}}); return r.ok;", new RunContext("bench", "paused", 0, folder));
        output.WriteLine($"SQLite store (synchronous=NORMAL), live-run caching {(sessions ? "on (extended sessions, 30 s idle timeout)" : "off")}; every run paused on approval of its first call.");
        output.WriteLine("| paused runs | managed heap after full GC | working set | started+paused in |");
        output.WriteLine("|---|---|---|---|");
        (long baseHeap, long baseSet) = Memory();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| 0 | {baseHeap / 1048576.0:F1} MiB | {baseSet / 1048576.0:F1} MiB | - |"));

        int started = 0;
        long firstHeap = 0;
        foreach (int target in Checkpoints)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (; started < target; started++)
            {
                await client.ScheduleNewOrchestrationInstanceAsync(
                    OrchestratorNames.ScriptRun, input, new StartOrchestrationOptions($"paused-{started:D6}") { Version = ReplayContract.CurrentVersion }, cancellationToken);
            }

            await UntilPausedAsync(client, target, cancellationToken);
            (long heap, long set) = Memory();
            if (target == Checkpoints[0])
            {
                firstHeap = heap;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {target:N0} | {heap / 1048576.0:F1} MiB ({(heap - baseHeap) / (double)target:F0} B per run) | {set / 1048576.0:F1} MiB | {watch.Elapsed.TotalSeconds:F1} s |"));
        }

        (long lastHeap, _) = Memory();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Managed heap growth from {Checkpoints[0]:N0} to {Checkpoints[^1]:N0} paused runs: {(lastHeap - firstHeap) / (double)(Checkpoints[^1] - Checkpoints[0]):F0} B per additional run (target: flat)."));
        await host.StopAsync(cancellationToken);
        Directory.Delete(folder, recursive: true);
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet);
    }

    private static async Task UntilPausedAsync(DurableTaskClient client, int expected, CancellationToken cancellationToken)
    {
        using CancellationTokenSource patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(10));
        while (true)
        {
            int paused = 0;
            await foreach (OrchestrationMetadata run in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running], PageSize = 1000 }).WithCancellation(patience.Token))
            {
                if (run.SerializedCustomStatus?.Contains("awaitingApproval", StringComparison.Ordinal) == true)
                {
                    paused++;
                }
            }

            if (paused >= expected)
            {
                return;
            }

            await Task.Delay(500, patience.Token);
        }
    }
}
