using BenchmarkDotNet.Attributes;
using ScriptHarness.ScriptRuntime.Execution;

namespace ScriptHarness.Benchmarks.Runtime;

/// <summary>BenchmarkDotNet suite of the script runtime (<c>-- bdn --filter *RuntimeBenchmarks*</c>).</summary>
[MemoryDiagnoser]
public class RuntimeBenchmarks
{
    /// <summary>(a) Hardened engine and evaluation to the first pending tool call (the run is left unfinished, its engine undisposed).</summary>
    [Benchmark]
    public ScriptStep ColdStartToFirstPendingCall() => RuntimeWorkloads.ColdStart();

    /// <summary>A one-call script from start to report.</summary>
    [Benchmark]
    public int OneCallRun() => RuntimeWorkloads.RunToEnd(RuntimeWorkloads.OneCall);

    /// <summary>(b) 100 sequential calls with every result available at once.</summary>
    [Benchmark]
    public int HundredSequentialCalls() => RuntimeWorkloads.RunToEnd(RuntimeWorkloads.HundredCalls);
}
