using System.Diagnostics;
using System.Globalization;
using ScriptHarness.ScriptRuntime.Execution;

namespace ScriptHarness.Benchmarks.Runtime;

/// <summary>
/// <c>quick runtime</c>: medians of (a) cold start to the first pending tool call, (b) a 100-call
/// sequential script with every result available at once, (c) 1,000 runs back to back with
/// allocations per run. Targets: (a) at most 200 µs, (b) at most 2 ms.
/// </summary>
public sealed class RuntimeQuickBench : IQuickBench
{
    /// <inheritdoc />
    public string Name => "runtime";

    /// <inheritdoc />
    public Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        for (int i = 0; i < 300; i++)
        {
            RuntimeWorkloads.ColdStart();
            RuntimeWorkloads.RunToEnd(RuntimeWorkloads.OneCall);
        }

        for (int i = 0; i < 30; i++)
        {
            RuntimeWorkloads.RunToEnd(RuntimeWorkloads.HundredCalls);
        }

        // Interleaved, so load on the shared machine hits all three alike.
        double[] cold = new double[2_000];
        double[] warm = new double[2_000];
        double[] whole = new double[2_000];
        for (int i = 0; i < cold.Length; i++)
        {
            cold[i] = TimeStart(prewarm: false, RuntimeWorkloads.ColdStart);
            warm[i] = TimeStart(prewarm: true, RuntimeWorkloads.WarmStart);
            long begin = Stopwatch.GetTimestamp();
            RuntimeWorkloads.RunToEnd(RuntimeWorkloads.OneCall);
            whole[i] = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
        }

        double coldStart = MedianOf(cold);
        double warmStart = MedianOf(warm);
        double oneCallRun = MedianOf(whole);
        double[] uncached = new double[300];
        for (int i = 0; i < uncached.Length; i++)
        {
            uncached[i] = TimeStart(prewarm: false, RuntimeWorkloads.ColdStartUncached);
        }

        double firstParse = MedianOf(uncached);

        // Where a cold start goes: hardening a fresh engine alone (no run), against the whole start.
        double[] harden = new double[500];
        for (int i = 0; i < harden.Length; i++)
        {
            long begin = Stopwatch.GetTimestamp();
            ScriptHarness.ScriptRuntime.Sandbox.ScriptSandbox sandbox = ScriptHarness.ScriptRuntime.Sandbox.ScriptSandbox.Create(RuntimeWorkloads.ColdOptions.Limits, () => DateTimeOffset.UnixEpoch, 1);
            harden[i] = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
            sandbox.Dispose();
        }

        double hardening = MedianOf(harden);

        // A burst: 16 runs start back to back on limits a worker prewarmed 4 of; 20 bursts with a
        // pause between them (the pool refills). Median start per run of the later bursts.
        ScriptHarness.ScriptRuntime.Limits.ScriptLimits burstLimits = new() { MaxRecursionDepth = 254 };
        ScriptRunOptions burstOptions = new() { Tools = RuntimeWorkloads.Options.Tools, RandomSeed = 1, Limits = burstLimits };
        ScriptRun.Prewarm(burstLimits, 4);
        List<double> burstStarts = [];
        for (int b = 0; b < 20; b++)
        {
            List<ScriptStep> started = [];
            for (int r = 0; r < 16; r++)
            {
                long begin = Stopwatch.GetTimestamp();
                started.Add(ScriptRun.Start(RuntimeWorkloads.OneCall, burstOptions));
                double elapsed = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
                if (b >= 2)
                {
                    burstStarts.Add(elapsed);
                }
            }

            started.ForEach(step => RuntimeWorkloads.Finish(step));
            for (int wait = 0; wait < 100 && ScriptRun.ReadyCount(burstLimits) < 16; wait++)
            {
                Thread.Sleep(10);
            }
        }

        double burst = MedianOf([.. burstStarts]);
        double hundred = Median(300, () => RuntimeWorkloads.RunToEnd(RuntimeWorkloads.HundredCalls));

        List<double> perRun = new(1_000);
        long bytesBefore = GC.GetAllocatedBytesForCurrentThread();
        Stopwatch total = Stopwatch.StartNew();
        for (int i = 0; i < 1_000; i++)
        {
            long start = Stopwatch.GetTimestamp();
            RuntimeWorkloads.RunToEnd(RuntimeWorkloads.OneCall);
            perRun.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        total.Stop();
        long bytesPerRun = (GC.GetAllocatedBytesForCurrentThread() - bytesBefore) / 1_000;
        perRun.Sort();

        output.WriteLine($"Start: {LoadAverage.Now()}");
        output.WriteLine("| Workload | Median | Target |");
        output.WriteLine("|---|---|---|");
        output.WriteLine(Row("(a) cold start to first pending call (script parsed before)", coldStart, "<= 200 µs"));
        output.WriteLine(Row("(a') same, engine hardened ahead by ScriptRun.Prewarm", warmStart, "<= 200 µs"));
        output.WriteLine(Row("(a'') cold start of a script never parsed before", firstParse, "-"));
        output.WriteLine(Row("(a) of which hardening a fresh engine (Jint engine + frozen intrinsics)", hardening, "-"));
        output.WriteLine(Row("(a''') start in a burst of 16 back to back, 4 prewarmed (bursts 3-20)", burst, "-"));
        output.WriteLine(Row("one-call run, start to report", oneCallRun, "-"));
        output.WriteLine(Row("(b) 100 sequential calls, results at once", hundred, "<= 2,000 µs"));
        output.WriteLine(Row("(c) one-call run, 1,000 back to back (median)", perRun[perRun.Count / 2], "-"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(c) 1,000 runs: {total.Elapsed.TotalMilliseconds:F1} ms in total, {bytesPerRun / 1024.0:F1} KiB allocated per run"));
        output.WriteLine($"End: {LoadAverage.Now()}");
        return Task.CompletedTask;
    }

    private static double Median(int iterations, Action body)
    {
        double[] samples = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            body();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        return samples[iterations / 2];
    }

    /// <summary>Times Start only; the run is then finished (and its engine released) outside the timing.</summary>
    private static double TimeStart(bool prewarm, Func<ScriptStep> start)
    {
        if (prewarm)
        {
            ScriptRun.Prewarm(RuntimeWorkloads.Options.Limits, 1);
        }

        long begin = Stopwatch.GetTimestamp();
        ScriptStep step = start();
        double elapsed = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
        RuntimeWorkloads.Finish(step);
        return elapsed;
    }

    private static double MedianOf(double[] samples)
    {
        Array.Sort(samples);
        return samples[samples.Length / 2];
    }

    private static string Row(string name, double microseconds, string target) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {microseconds:F1} µs | {target} |");
}
