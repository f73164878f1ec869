using System.Diagnostics;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>CPU time of this process and of other processes (Azurite, workers) since <see cref="Start"/>.</summary>
internal sealed class CpuMeter
{
    private readonly TimeSpan self;
    private readonly (int Pid, TimeSpan Cpu)[] others;

    private CpuMeter(TimeSpan self, (int, TimeSpan)[] others)
    {
        this.self = self;
        this.others = others;
    }

    public static CpuMeter Start(int[] otherPids) =>
        new(Process.GetCurrentProcess().TotalProcessorTime, otherPids.Select(pid => (pid, Of(pid))).ToArray());

    /// <summary>Milliseconds of CPU per unit: this process, and the other processes together.</summary>
    public (double Self, double Others) MillisecondsPer(int units)
    {
        double selfMs = (Process.GetCurrentProcess().TotalProcessorTime - self).TotalMilliseconds;
        double othersMs = others.Sum(o => (Of(o.Pid) - o.Cpu).TotalMilliseconds);
        return (selfMs / units, othersMs / units);
    }

    private static TimeSpan Of(int pid)
    {
        using Process process = Process.GetProcessById(pid);
        return process.TotalProcessorTime;
    }
}
