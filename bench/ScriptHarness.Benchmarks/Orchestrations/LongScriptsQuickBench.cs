using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Benchmarks.Hosting;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.Benchmarks.Orchestrations;

/// <summary>
/// <c>quick long-scripts</c>: how the cost of a script run grows with its number of calls (100,
/// 300, 1,000 by default; <c>LONG_SCRIPTS_SIZES=100,300</c> to choose), with live-run caching
/// (extended sessions) on and off, against a plain C# orchestrator making the same calls. Linear
/// means a flat cost per call. First the harness alone, driven inline with no framework (caching
/// off: one episode per call, each replaying every earlier call), then whole runs through the
/// worker on the in-memory backend and on SQLite (FULL), one run each, process CPU and wall.
/// </summary>
public sealed class LongScriptsQuickBench : IQuickBench
{
    private const string Plain = "bench-plain-long";
    private const string Tool = "noop";

    public string Name => "long-scripts";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        int[] sizes = (Environment.GetEnvironmentVariable("LONG_SCRIPTS_SIZES") ?? "100,300,1000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture))
            .ToArray();
        output.WriteLine($"Start: {LoadAverage.Now()}");
        foreach (string backend in new[] { "inMemory", "sqlite" })
        {
            foreach (bool sessions in new[] { true, false })
            {
                await this.RunModeAsync(backend, sessions, sizes, output, cancellationToken);
            }
        }

        output.WriteLine($"End: {LoadAverage.Now()}");
    }

    private static string ScriptOf(int calls) => $"for (let i = 0; i < {calls}; i++) {{ await tools.{Tool}({{ i }}); }} return {calls};";

    private static ScriptRunInput InputOf(int calls, string workspace) => new(ScriptOf(calls), new RunContext("bench", "turn", 0, workspace))
    {
        HostPolicy = new ApprovalPolicy { Rules = [new ApprovalRule { Tool = Tool, Action = ApprovalAction.Allow }] },
        Limits = new ScriptLimits { MaxToolCalls = calls },
    };

    /// <summary>
    /// The harness's own CPU (Jint, step machine, policy, status) for one run of N calls, no
    /// framework: caching on is one pass; caching off is N + 1 episodes, episode k replaying k
    /// calls from the history and scheduling call k + 1.
    /// </summary>
    private static void MeasureInline(ToolRegistry registry, int[] sizes, TextWriter output)
    {
        ScriptRunOrchestrator orchestrator = new(registry);
        string workspace = Path.GetTempPath();

        // Warm-up (JIT tiers, parse caches).
        for (int i = 0; i < 20; i++)
        {
            _ = InlineOnce(orchestrator, InputOf(100, workspace), knownCalls: null);
        }

        _ = InlineReplayed(orchestrator, InputOf(50, workspace));

        output.WriteLine("Harness CPU alone, driven inline (no framework, no store; the thread's CPU time, so load does not stretch it):");
        output.WriteLine("| calls | caching on: total ms | µs/call | caching off (an episode per call, each replaying the script): total ms | µs/call | off / on |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (int n in sizes)
        {
            ScriptRunInput input = InputOf(n, workspace);
            double on = Enumerable.Range(0, 5).Select(_ => InlineOnce(orchestrator, input, knownCalls: null)).Order().ElementAt(2);
            double off = InlineReplayed(orchestrator, input);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {on:F2} | {on * 1000 / n:F2} | {off:F1} | {off * 1000 / n:F1} | {off / on:F0}x |"));
        }
    }

    private static double InlineOnce(ScriptRunOrchestrator orchestrator, ScriptRunInput input, int? knownCalls)
    {
        InlineOrchestrationContext context = new($"inline-{Guid.NewGuid():N}") { KnownCalls = knownCalls };
        double start = ThreadCpu.NowMs();
        Task<ScriptRunOutput> run = orchestrator.RunAsync(context, input);
        double elapsed = ThreadCpu.NowMs() - start;
        if (knownCalls is null && !run.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException($"The inline run did not complete: {run.Exception?.Message}");
        }

        return elapsed;
    }

    private static double InlineReplayed(ScriptRunOrchestrator orchestrator, ScriptRunInput input)
    {
        double total = 0;
        for (int known = 0; known <= input.Limits.MaxToolCalls; known++)
        {
            total += InlineOnce(orchestrator, input, known == input.Limits.MaxToolCalls ? null : known);
        }

        return total;
    }

    private async Task RunModeAsync(string backend, bool sessions, int[] sizes, TextWriter output, CancellationToken cancellationToken)
    {
        await using BenchHost host = await BenchHostBuilder.For(backend)
            .Concurrency(orchestrations: 100, activities: 100)
            .ExtendedSessions(sessions)
            .InTempWorkspace("bench-long-scripts-")
            .Orchestrators(registry => registry.AddOrchestratorFunc<int, int>(Plain, async (ctx, calls) =>
            {
                for (int i = 1; i <= calls; i++)
                {
                    JsonElement args = JsonSerializer.SerializeToElement(new { i });
                    await ctx.CallActivityAsync<JsonElement>(Tool, new ToolInvocation(RunIds.IdempotencyKey(ctx.InstanceId, i), i, "ws", args));
                }

                return calls;
            }))
            .Tool(Tool, "Does nothing.")
            .StartAsync(cancellationToken);
        DurableTaskClient client = host.Client;
        string workspace = host.Workspace;
        if (backend == "inMemory" && sessions)
        {
            MeasureInline(host.Services.GetRequiredService<ToolRegistry>(), sizes, output);
        }

        if (Environment.GetEnvironmentVariable("LONG_SCRIPTS_INLINE_ONLY") == "1")
        {
            await host.StopAsync(cancellationToken);
            return;
        }

        // Warm-up: JIT of both paths.
        _ = await MeasureAsync(client, Plain, 20, cancellationToken);
        _ = await MeasureAsync(client, OrchestratorNames.ScriptRun, InputOf(20, workspace), cancellationToken);

        string store = backend == "sqlite" ? "SQLite (FULL)" : "in-memory";
        output.WriteLine($"{store}, live-run caching {(sessions ? "on" : "off")}; one run each, the plain one first:");
        output.WriteLine("| calls | plain: wall ms | CPU ms | CPU µs/call | script: wall ms | CPU ms | CPU µs/call | script / plain CPU |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (int n in sizes)
        {
            (double plainWall, double plainCpu) = await MeasureAsync(client, Plain, n, cancellationToken);
            (double scriptWall, double scriptCpu) = await MeasureAsync(client, OrchestratorNames.ScriptRun, InputOf(n, workspace), cancellationToken);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {plainWall:F0} | {plainCpu:F0} | {plainCpu * 1000 / n:F0} | {scriptWall:F0} | {scriptCpu:F0} | {scriptCpu * 1000 / n:F0} | {scriptCpu / plainCpu:F2}x |"));
        }

        await host.StopAsync(cancellationToken);
    }

    private static async Task<(double WallMs, double CpuMs)> MeasureAsync(DurableTaskClient client, string orchestrator, object input, CancellationToken cancellationToken)
    {
        string id = $"bench-{Guid.NewGuid():N}";
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(id) { Version = ReplayContract.CurrentVersion }, cancellationToken);
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, cancellationToken);
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{orchestrator} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        return ((done.LastUpdatedAt - done.CreatedAt).TotalMilliseconds, cpu.TotalMilliseconds);
    }
}
