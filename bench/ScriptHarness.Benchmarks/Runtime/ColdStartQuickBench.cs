using System.Diagnostics;
using System.Globalization;
using Jint;
using Jint.Native;
using ScriptHarness.ScriptRuntime.Execution;
using ScriptHarness.ScriptRuntime.Facade;
using ScriptHarness.ScriptRuntime.Sandbox;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Runtime;

/// <summary>
/// <c>quick cold</c>: where a cold start (limits nobody prewarmed, so a fresh engine is hardened)
/// goes, stage by stage, each stage timed on its own fresh engine and all stages interleaved so
/// load hits them alike: the bare Jint engine, the hardened engine (<see cref="ScriptSandbox.Create"/>),
/// the hardened engine with the run's globals installed (context, console, tools, sealed global),
/// and the whole <see cref="ScriptRun.Start"/> to the first pending call. Medians in µs and
/// thread CPU, so a loaded machine shows in the wall column only.
/// </summary>
public sealed class ColdStartQuickBench : IQuickBench
{
    private const int Rounds = 2_000;

    /// <inheritdoc />
    public string Name => "cold";

    /// <inheritdoc />
    public Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"Start: {LoadAverage.Now()}");
        // Each stage returns what to clean up after its timing (disposing the engine, finishing the run).
        (string Name, Func<Action> Body)[] stages =
        [
            ("bare Jint engine (the sandbox's options)", () => NewBareEngine().Dispose),
            ("hardened engine (ScriptSandbox.Create)", () => ScriptSandbox.Create(RuntimeWorkloads.ColdOptions.Limits, static () => DateTimeOffset.UnixEpoch, 1).Dispose),
            ("hardened engine + globals installed (context, console, tools, sealed global)", InstallGlobals),
            ("ScriptRun.Start to the first pending call (the runtime runner's (a))", () =>
            {
                ScriptStep step = RuntimeWorkloads.ColdStart();
                return () => RuntimeWorkloads.Finish(step);
            }),
        ];
        double[][] wall = stages.Select(_ => new double[Rounds]).ToArray();
        double[][] cpu = stages.Select(_ => new double[Rounds]).ToArray();
        for (int warm = 0; warm < 300; warm++)
        {
            Array.ForEach(stages, s => s.Body()());
        }

        for (int i = 0; i < Rounds; i++)
        {
            for (int s = 0; s < stages.Length; s++)
            {
                double cpuBefore = ThreadCpu.NowMs();
                long begin = Stopwatch.GetTimestamp();
                Action cleanUp = stages[s].Body();
                wall[s][i] = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
                cpu[s][i] = (ThreadCpu.NowMs() - cpuBefore) * 1_000;
                cleanUp();
            }
        }

        output.WriteLine("| Stage (each on a fresh engine) | Median wall | Median thread CPU |");
        output.WriteLine("|---|---|---|");
        for (int s = 0; s < stages.Length; s++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stages[s].Name} | {Median(wall[s]):F1} µs | {Median(cpu[s]):F1} µs |"));
        }

        output.WriteLine($"End: {LoadAverage.Now()}");
        return Task.CompletedTask;
    }

    // The options ScriptSandbox.Create sets, without the hardening.
    private static Engine NewBareEngine()
    {
        Options options = new() { Strict = true, TimeZone = TimeZoneInfo.Utc, Culture = CultureInfo.InvariantCulture };
        options.DisableStringCompilation();
        options.LimitRecursion(255);
        options.Constraints.StackOverflowGuard = true;
        options.RegexTimeoutInterval(TimeSpan.FromSeconds(30));
        options.MaxArraySize(96 * 1024 * 1024 / 8);
        return new Engine(options);
    }

    // What ScriptRun.Start does between renting the sandbox and running the script.
    private static Action InstallGlobals()
    {
        ScriptSandbox box = ScriptSandbox.Create(RuntimeWorkloads.ColdOptions.Limits, static () => DateTimeOffset.UnixEpoch, 1);
        JsValue context = box.ParseJson("{}");
        box.Freezer.DeepFreeze(context);
        box.SetGlobal("context", context);
        ConsoleCapture console = new(65536, 200, 64, box.Stringify);
        Jint.Native.Object.ObjectInstance consoleObject = console.CreateConsoleObject(box.Engine);
        box.Freezer.DeepFreeze(consoleObject);
        box.SetGlobal("console", consoleObject);
        box.SetGlobal("tools", ToolFacade.Create(box, RuntimeWorkloads.ColdOptions.Tools, NoSink.Instance));
        box.Freezer.SealGlobal();
        return box.Dispose;
    }

    private static double Median(double[] samples)
    {
        double[] sorted = [.. samples];
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }

    private sealed class NoSink : IToolCallSink
    {
        public static readonly NoSink Instance = new();

        public JsValue Call(ToolDescriptor tool, JsValue args, bool spawned) => JsValue.Undefined;

        public bool CancelSpawned(JsValue id) => false;
    }
}
