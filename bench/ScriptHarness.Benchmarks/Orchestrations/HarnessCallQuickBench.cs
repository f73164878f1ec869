using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Policy;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Orchestrations;

/// <summary>
/// The harness's CPU per allowed call at steady state: the 100-call script orchestrator and the
/// plain C# one driven inline (no framework, no store), alternating for a fixed time (default
/// 6 s, <c>HARNESS_CALL_SECONDS</c>) after a warm-up long enough for tiered compilation to
/// settle, so a short process's tier-0 code does not count as the harness's cost. Thread CPU
/// time, median of batches. Also a steady loop to attach a profiler to.
/// </summary>
public sealed class HarnessCallQuickBench : IQuickBench
{
    private const string Tool = "noop";
    private const int Calls = 100;

    public string Name => "harness-call";

    public Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"Start: {LoadAverage.Now()}");
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("HARNESS_CALL_SECONDS"), CultureInfo.InvariantCulture, out double s) ? s : 6;
        ScriptRun.Prewarm(new ScriptLimits(), 4);
        ServiceCollection services = new();
        services.AddScriptHarnessTools(new ConfigurationBuilder().Build(), tools => tools.Add(
            new ToolDescriptor(Tool, "Does nothing.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()),
            (_, _) => Task.FromResult(JsonSerializer.SerializeToElement(new { ok = true }))));
        ScriptRunOrchestrator script = new(services.BuildServiceProvider().GetRequiredService<ToolRegistry>());
        string workspace = Path.GetTempPath();
        ScriptRunInput input = new($"for (let i = 0; i < {Calls}; i++) {{ await tools.{Tool}({{ i }}); }} return {Calls};", new RunContext("bench", "turn", 0, workspace))
        {
            HostPolicy = new ApprovalPolicy { Rules = [new ApprovalRule { Tool = Tool, Action = ApprovalAction.Allow }] },
            Limits = new ScriptLimits { MaxToolCalls = Calls },
        };

        // Warm-up: tier-1 code for the whole path before anything counts.
        DateTime warmUntil = DateTime.UtcNow.AddSeconds(Math.Min(3, seconds / 2));
        while (DateTime.UtcNow < warmUntil)
        {
            _ = RunScript(script, input);
            _ = RunPlain(workspace);
        }

        List<double> scriptCpu = [];
        List<double> plainCpu = [];
        long allocated = 0;
        DateTime until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            scriptCpu.Add(RunScript(script, input));
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            plainCpu.Add(RunPlain(workspace));
        }

        scriptCpu.Sort();
        plainCpu.Sort();
        double scriptMedian = scriptCpu[scriptCpu.Count / 2];
        double plainMedian = plainCpu[plainCpu.Count / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Steady state, {scriptCpu.Count} runs of each, thread CPU median per {Calls}-call run: script {scriptMedian:F3} ms ({scriptMedian * 1000 / Calls:F2} µs per call, {allocated / scriptCpu.Count / Calls / 1024.0:F2} KiB allocated per call), plain C# {plainMedian:F3} ms; harness CPU per call {(scriptMedian - plainMedian) * 1000 / Calls:F2} µs beyond the plain orchestrator (target: at most 2 µs)."));
        output.WriteLine($"End: {LoadAverage.Now()}");
        return Task.CompletedTask;
    }

    private static double RunScript(ScriptRunOrchestrator script, ScriptRunInput input)
    {
        InlineOrchestrationContext context = new($"inline-{Guid.NewGuid():N}");
        double start = ThreadCpu.NowMs();
        Task<ScriptRunOutput> run = script.RunAsync(context, input);
        double cpu = ThreadCpu.NowMs() - start;
        if (!run.IsCompletedSuccessfully || run.Result.Report.Calls.Count != Calls)
        {
            throw new InvalidOperationException($"The inline script run did not complete its {Calls} calls: {run.Exception?.Message ?? run.Result.Report.Error?.Message}");
        }

        return cpu;
    }

    private static double RunPlain(string workspace)
    {
        InlineOrchestrationContext context = new($"inline-plain-{Guid.NewGuid():N}");
        double start = ThreadCpu.NowMs();
        Task<int> plain = PlainAsync(context, workspace);
        double cpu = ThreadCpu.NowMs() - start;
        return plain.IsCompletedSuccessfully ? cpu : throw new InvalidOperationException("The inline plain run did not complete.");
    }

    private static async Task<int> PlainAsync(TaskOrchestrationContext context, string workspace)
    {
        for (int i = 1; i <= Calls; i++)
        {
            JsonElement args = JsonSerializer.SerializeToElement(new { i });
            await context.CallActivityAsync<JsonElement>(Tool, new ToolInvocation(RunIds.IdempotencyKey(context.InstanceId, i), i, workspace, args));
        }

        return Calls;
    }
}
