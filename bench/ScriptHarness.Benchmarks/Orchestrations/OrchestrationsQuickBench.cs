using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Benchmarks.Hosting;
using ScriptHarness.Durable.Hosting;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Orchestrations;

/// <summary>
/// Cost per tool call of a script run: a 100-call sequential script against a plain C#
/// orchestrator making the same 100 calls to the same no-op tool activity (same envelope), in
/// one process, on the embedded SQLite store (the default) and on the in-memory backend (no
/// storage cost, so the harshest ratio). Reports median wall time per call (backend timestamps,
/// creation to completion) and process CPU per call, and the script's overhead ratio, with
/// live-run caching (the backend's extended sessions) off and on: off, every episode replays
/// the script; on, the orchestrator and its engine stay in memory between episodes. Then the
/// harness's own CPU: both orchestrators driven inline on a context with no framework behind it.
/// </summary>
public sealed class OrchestrationsQuickBench : IQuickBench
{
    private const string Plain = "bench-plain-100";
    private const string Tool = "noop";
    private const int Calls = 100;
    private const int Repetitions = 11;

    private static readonly string Script = $"for (let i = 0; i < {Calls}; i++) {{ await tools.{Tool}({{ i }}); }} return {Calls};";

    public string Name => "orchestrations";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"Start: {LoadAverage.Now()}");
        // ORCHESTRATIONS_INLINE_ONLY=1: only the harness's own CPU, driven inline (seconds, not minutes).
        string[] backends = Environment.GetEnvironmentVariable("ORCHESTRATIONS_INLINE_ONLY") == "1" ? [] : ["sqlite", "inMemory"];
        if (backends.Length == 0)
        {
            // As a worker does at start (SandboxPrewarmService): runs take pre-hardened engines.
            ScriptHarness.ScriptRuntime.Execution.ScriptRun.Prewarm(new ScriptLimits(), 4);
            MeasureInline(BuildRegistry(), new ScriptRunInput(Script, new RunContext("bench", "turn", 0, Path.GetTempPath()))
            {
                HostPolicy = new ApprovalPolicy { Rules = [new ApprovalRule { Tool = Tool, Action = ApprovalAction.Allow }] },
                Limits = new ScriptLimits { MaxToolCalls = Calls },
            }, Path.GetTempPath(), output);
        }

        foreach (string backend in backends)
        {
            foreach (bool sessions in new[] { false, true })
            {
                await this.RunModeAsync(backend, sessions, output, cancellationToken);
            }
        }

        output.WriteLine($"End: {LoadAverage.Now()}");
    }

    private async Task RunModeAsync(string backend, bool sessions, TextWriter output, CancellationToken cancellationToken)
    {
        string caching = sessions ? "live-run caching on (extended sessions)" : "live-run caching off (replay per episode)";
        string store = backend == "sqlite" ? "SQLite backend (synchronous=FULL)" : "In-memory backend";
        await using BenchHost host = await BenchHostBuilder.For(backend)
            .Concurrency(orchestrations: 100, activities: 100)
            .ExtendedSessions(sessions)
            .InTempWorkspace("bench-orchestrations-")
            .Orchestrators(registry => registry.AddOrchestratorFunc<string, int>(Plain, async (ctx, ws) =>
            {
                for (int i = 1; i <= Calls; i++)
                {
                    JsonElement args = JsonSerializer.SerializeToElement(new { i });
                    await ctx.CallActivityAsync<JsonElement>(Tool, new ToolInvocation(RunIds.IdempotencyKey(ctx.InstanceId, i), i, ws, args));
                }

                return Calls;
            }))
            .Tool(Tool, "Does nothing.")
            .StartAsync(cancellationToken);
        DurableTaskClient client = host.Client;
        string workspace = host.Workspace;

        ScriptRunInput input = new(Script, new RunContext("bench", "turn", 0, workspace))
        {
            HostPolicy = new ApprovalPolicy { Rules = [new ApprovalRule { Tool = Tool, Action = ApprovalAction.Allow }] },
            Limits = new ScriptLimits { MaxToolCalls = Calls },
        };

        // Warm-up: JIT of both paths.
        await RunAsync(client, Plain, workspace, cancellationToken);
        await RunAsync(client, OrchestratorNames.ScriptRun, input, cancellationToken);

        ((double plainWall, double plainCpu), (double scriptWall, double scriptCpu)) = await MeasureAlternatingAsync(
            () => RunAsync(client, Plain, workspace, cancellationToken),
            () => RunAsync(client, OrchestratorNames.ScriptRun, input, cancellationToken));

        output.WriteLine($"{store}, {caching}, 1 instance x {Calls} sequential calls, median of {Repetitions}, the two run alternately; per call:");
        output.WriteLine("| orchestrator | wall ms/call | process CPU ms/call |");
        output.WriteLine("|---|---|---|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| plain C# (CallActivityAsync x {Calls}) | {plainWall:F3} | {plainCpu:F3} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| script run (Jint, policy) | {scriptWall:F3} | {scriptCpu:F3} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Script / plain: wall {scriptWall / plainWall:F2}x, CPU {scriptCpu / plainCpu:F2}x (target with live-run caching on: at most 1.25x); extra process CPU per {Calls}-call run {(scriptCpu - plainCpu) * Calls:F1} ms (framework and store included; the harness's own CPU is measured inline below)."));

        // Resume after approval: a run with 100 completed calls waits for a decision on call 101;
        // time from raising the decision to the run's completion (one replay of 100 calls).
        ScriptRunInput gated = input with
        {
            Script = Script.Replace($"return {Calls};", $"await tools.{Tool}({{ gated: 'yes' }}); return {Calls};", StringComparison.Ordinal),
            HostPolicy = new ApprovalPolicy { Rules = [new ApprovalRule { Tool = Tool, Action = ApprovalAction.Allow }, new ApprovalRule { Tool = Tool, Args = new Dictionary<string, string> { ["gated"] = ".*" }, Action = ApprovalAction.Ask }] },
            Limits = new ScriptLimits { MaxToolCalls = Calls + 1 },
        };
        List<double> resumes = [];
        for (int r = 0; r < 3; r++)
        {
            resumes.Add(await ResumeAsync(client, gated, cancellationToken));
        }

        resumes.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Resume after approval with {Calls} completed calls (decision raised to the run's completion as the store stamps it, median of 3): {resumes[1]:F1} ms."));
        if (backend == "inMemory" && sessions)
        {
            MeasureInline(host.Services.GetRequiredService<ToolRegistry>(), input, workspace, output);
        }

        await host.StopAsync(cancellationToken);
    }

    /// <summary>
    /// The harness's own CPU per 100-call run: the script orchestrator and the plain one driven
    /// inline, single-threaded, on a context whose activities complete at once (no framework, no
    /// store, no replay: live-run caching on), median of many runs.
    /// </summary>
    private static void MeasureInline(ToolRegistry tools, ScriptRunInput input, string workspace, TextWriter output)
    {
        ScriptRunOrchestrator script = new(tools);
        const int Runs = 300;
        double[] scriptMs = new double[Runs];
        double[] plainMs = new double[Runs];
        double[] scriptCpu = new double[Runs];
        double[] plainCpu = new double[Runs];
        long allocated = 0;
        int statusBytes = 0;
        for (int r = -30; r < Runs; r++)
        {
            InlineOrchestrationContext scriptContext = new($"inline-{r}");
            long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            double cpuStart = ThreadCpu.NowMs();
            long start = Stopwatch.GetTimestamp();
            Task<ScriptRunOutput> run = script.RunAsync(scriptContext, input);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            double cpu = ThreadCpu.NowMs() - cpuStart;
            long bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            if (!run.IsCompletedSuccessfully || run.Result.Report.Calls.Count != Calls)
            {
                throw new InvalidOperationException($"The inline script run did not complete its {Calls} calls: {run.Exception?.Message ?? run.Result.Report.Error?.Message}");
            }

            InlineOrchestrationContext plainContext = new($"inline-plain-{r}");
            cpuStart = ThreadCpu.NowMs();
            start = Stopwatch.GetTimestamp();
            Task<int> plain = PlainInlineAsync(plainContext, workspace);
            double plainElapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            double plainCpuMs = ThreadCpu.NowMs() - cpuStart;
            if (!plain.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("The inline plain run did not complete.");
            }

            if (r >= 0)
            {
                scriptMs[r] = elapsed;
                plainMs[r] = plainElapsed;
                scriptCpu[r] = cpu;
                plainCpu[r] = plainCpuMs;
                allocated += bytes;
                statusBytes = scriptContext.StatusBytes;
            }
        }

        Array.Sort(scriptMs);
        Array.Sort(plainMs);
        Array.Sort(scriptCpu);
        Array.Sort(plainCpu);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Harness CPU per {Calls}-call run, driven inline (no framework, no store; one thread, median of {Runs}): script run {scriptMs[Runs / 2]:F2} ms ({allocated / Runs / 1024.0:F0} KiB allocated, status {statusBytes} B), plain C# {plainMs[Runs / 2]:F2} ms (target for the script run: under 3 ms)."));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"The same as thread CPU time (load does not stretch it): script run {scriptCpu[Runs / 2]:F3} ms = {scriptCpu[Runs / 2] * 1000 / Calls:F2} µs per call, plain C# {plainCpu[Runs / 2]:F3} ms; harness CPU per call {(scriptCpu[Runs / 2] - plainCpu[Runs / 2]) * 1000 / Calls:F2} µs beyond the plain orchestrator (target: at most 2 µs per call)."));
    }

    private static ToolRegistry BuildRegistry()
    {
        ServiceCollection services = new();
        services.AddScriptHarnessTools(new ConfigurationBuilder().Build(), tools => tools.Add(
            new ToolDescriptor(Tool, "Does nothing.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()),
            (_, _) => Task.FromResult(JsonSerializer.SerializeToElement(new { ok = true }))));
        return services.BuildServiceProvider().GetRequiredService<ToolRegistry>();
    }

    private static async Task<int> PlainInlineAsync(TaskOrchestrationContext ctx, string ws)
    {
        for (int i = 1; i <= Calls; i++)
        {
            JsonElement args = JsonSerializer.SerializeToElement(new { i });
            await ctx.CallActivityAsync<JsonElement>(Tool, new ToolInvocation(RunIds.IdempotencyKey(ctx.InstanceId, i), i, ws, args));
        }

        return Calls;
    }

    private static async Task<double> ResumeAsync(DurableTaskClient client, ScriptRunInput input, CancellationToken cancellationToken)
    {
        string id = $"bench-resume-{Guid.NewGuid():N}";
        await client.ScheduleNewOrchestrationInstanceAsync(OrchestratorNames.ScriptRun, input, new StartOrchestrationOptions(id) { Version = ReplayContract.CurrentVersion }, cancellationToken);
        using CancellationTokenSource patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            OrchestrationMetadata? state = await client.GetInstanceAsync(id, getInputsAndOutputs: false, patience.Token);
            if (state?.SerializedCustomStatus?.Contains("awaitingApproval", StringComparison.Ordinal) == true)
            {
                break;
            }

            if (state?.IsCompleted == true)
            {
                throw new InvalidOperationException($"The gated run ended ({state.RuntimeStatus}) without asking.");
            }

            await Task.Delay(20, patience.Token);
        }

        DateTimeOffset raisedAt = DateTimeOffset.UtcNow;
        await client.RaiseEventAsync(id, ScriptHarness.Orchestrations.Events.RunEvents.Approval(Calls + 1), new ScriptHarness.Orchestrations.Events.ApprovalDecision(ScriptHarness.Orchestrations.Events.DecisionVerdict.Approve), cancellationToken);
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, cancellationToken);
        // The store stamps the completion with the same machine's clock: the client's completion
        // poll (25 ms and up) does not count.
        return (done.LastUpdatedAt - raisedAt).TotalMilliseconds;
    }

    /// <summary>
    /// Runs the two orchestrators alternately, so drift in the store (WAL growth, checkpoints, a
    /// busy neighbour) falls on both alike; medians per call of each.
    /// </summary>
    private static async Task<((double Wall, double Cpu) A, (double Wall, double Cpu) B)> MeasureAlternatingAsync(Func<Task<TimeSpan>> a, Func<Task<TimeSpan>> b)
    {
        List<double> wallsA = [], cpusA = [], wallsB = [], cpusB = [];
        for (int r = 0; r < Repetitions; r++)
        {
            await MeasureOnceAsync(a, wallsA, cpusA);
            await MeasureOnceAsync(b, wallsB, cpusB);
        }

        return ((Median(wallsA), Median(cpusA)), (Median(wallsB), Median(cpusB)));
    }

    private static async Task MeasureOnceAsync(Func<Task<TimeSpan>> run, List<double> walls, List<double> cpus)
    {
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        TimeSpan wall = await run();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        walls.Add(wall.TotalMilliseconds / Calls);
        cpus.Add(cpu.TotalMilliseconds / Calls);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static async Task<TimeSpan> RunAsync(DurableTaskClient client, string orchestrator, object input, CancellationToken cancellationToken)
    {
        string id = $"bench-{Guid.NewGuid():N}";
        await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(id) { Version = ReplayContract.CurrentVersion }, cancellationToken);
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{orchestrator} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }

        return done.LastUpdatedAt - done.CreatedAt;
    }
}
