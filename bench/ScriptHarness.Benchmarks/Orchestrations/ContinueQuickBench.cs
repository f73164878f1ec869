using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Extensions.AI.Functions;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Orchestrations;

/// <summary>
/// <c>continue</c> against a fresh run of the same script, in process through
/// <see cref="ScriptRunClient"/> (no process start): a script of 20 sequential tool calls, run
/// fresh; continuing a run that failed after all 20 (all reused); continuing one that failed after
/// 10 (half reused, half run). Per backend (in-memory, embedded SQLite), the three are interleaved
/// so load changes hit them alike; each figure is the median wall time from the start (or
/// continue) call to the run's report, and the process CPU time per run (worker included: it runs
/// in this process). The tool is trivial, so the gain shown is the harness's own per-call cost; a
/// tool that costs time saves that time too.
/// </summary>
public sealed class ContinueQuickBench : IQuickBench
{
    private const int Calls = 20;
    private const int Warmup = 3;
    private const int Iterations = 20;

    public string Name => "continue";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine(LoadAverage.Now());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Calls} sequential calls of a trivial AIFunction; {Iterations} runs per row after {Warmup} warm-up, interleaved"));
        output.WriteLine("| backend | run | reused | median ms | CPU ms per run | vs fresh (time) | vs fresh (CPU) |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (string backend in new[] { "inMemory", "sqlite" })
        {
            await RunBackendAsync(backend, output, cancellationToken);
        }

        output.WriteLine(LoadAverage.Now());
    }

    private static async Task RunBackendAsync(string backend, TextWriter output, CancellationToken cancellationToken)
    {
        string folder = Directory.CreateTempSubdirectory("bench-continue-").FullName;
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["durable:backend"] = backend,
            ["durable:sqlite:databasePath"] = Path.Combine(folder, "harness.db"),
        });
        AIFunction step = AIFunctionFactory.Create((int i) => new { i }, "step", "Returns its argument.");
        builder.Services.AddScriptHarness(builder.Configuration, tools => tools.AddAIFunctions([step], ToolEffect.Read));
        using IHost host = builder.Build();
        await host.StartAsync(cancellationToken);
        ScriptRunClient runs = host.Services.GetRequiredService<ScriptRunClient>();

        string corrected = Script(Calls, fail: false);
        string allDone = await FailedRunAsync(runs, folder, Script(Calls, fail: true), cancellationToken);
        string halfDone = await FailedRunAsync(runs, folder, Script(Calls / 2, fail: true), cancellationToken);

        Scenario[] scenarios =
        [
            new("fresh run", 0, () => runs.StartTurnAsync(new TurnRequest($"bench-{Guid.NewGuid():N}", "t", [corrected], folder), cancellationToken)),
            new("continue, all reusable", Calls, () => runs.ContinueRunAsync(allDone, new ContinueRequest([corrected]) { TurnId = "c-" + Guid.NewGuid().ToString("N") }, cancellationToken)),
            new("continue, half reusable", Calls / 2, () => runs.ContinueRunAsync(halfDone, new ContinueRequest([corrected]) { TurnId = "c-" + Guid.NewGuid().ToString("N") }, cancellationToken)),
        ];
        for (int i = 0; i < Warmup + Iterations; i++)
        {
            foreach (Scenario scenario in scenarios)
            {
                await scenario.MeasureAsync(runs, record: i >= Warmup, cancellationToken);
            }
        }

        Scenario fresh = scenarios[0];
        foreach (Scenario scenario in scenarios)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {backend} | {scenario.Label} | {scenario.Reused}/{Calls} | {scenario.MedianMs:F2} | {scenario.CpuMsPerRun:F2} | {scenario.MedianMs / fresh.MedianMs:F2}x | {scenario.CpuMsPerRun / fresh.CpuMsPerRun:F2}x |"));
        }

        await host.StopAsync(cancellationToken);
        Directory.Delete(folder, recursive: true);
    }

    // calls sequential tool calls, then either the result or a TypeError (the failure to continue from).
    private static string Script(int calls, bool fail) =>
        $"let sum = 0;\nfor (let i = 0; i < {calls}; i++) {{ sum += (await tools.step({{ i }})).i; }}\n" +
        (fail ? "return sum.total.value;" : "return sum;");

    private static async Task<string> FailedRunAsync(ScriptRunClient runs, string folder, string script, CancellationToken cancellationToken)
    {
        TurnStart turn = await runs.StartTurnAsync(new TurnRequest($"bench-{Guid.NewGuid():N}", "t", [script], folder), cancellationToken);
        RunView run = await runs.WaitForRunAsync(turn.RunInstanceIds[0], cancellationToken);
        return run.Output?.Report.Status == ScriptRunStatus.Failed
            ? run.InstanceId
            : throw new InvalidOperationException($"The run meant to fail ended {run.Output?.Report.Status}.");
    }

    private sealed class Scenario(string label, int reused, Func<Task<TurnStart>> start)
    {
        private readonly List<double> times = [];
        private double cpuMs;

        public string Label => label;

        public int Reused => reused;

        public double MedianMs => this.times.Order().ElementAt(this.times.Count / 2);

        public double CpuMsPerRun => this.cpuMs / this.times.Count;

        public async Task MeasureAsync(ScriptRunClient runs, bool record, CancellationToken cancellationToken)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            long begin = Stopwatch.GetTimestamp();
            TurnStart turn = await start();
            RunView run = await runs.WaitForRunAsync(turn.RunInstanceIds[0], cancellationToken);
            double ms = Stopwatch.GetElapsedTime(begin).TotalMilliseconds;
            double cpuSpent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            int reusedCalls = run.Output?.Report.Calls.Count(c => c.Reused) ?? -1;
            if (run.Output?.Report.Status != ScriptRunStatus.Completed || reusedCalls != reused)
            {
                throw new InvalidOperationException($"{label}: the run ended {run.Output?.Report.Status} with {reusedCalls} reused calls, {reused} expected.");
            }

            if (record)
            {
                this.times.Add(ms);
                this.cpuMs += cpuSpent;
            }
        }
    }
}
