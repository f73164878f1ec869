using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ScriptHarness.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): what a single-threaded
/// inline measurement spent itself, unlike wall time, which a loaded shared machine stretches
/// many times over. Falls back to wall time elsewhere.
/// </summary>
internal static class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    /// <summary>The thread's CPU time so far, in milliseconds.</summary>
    public static double NowMs()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTime, out TimeSpec time) == 0)
        {
            return (time.Seconds * 1_000.0) + (time.Nanoseconds / 1_000_000.0);
        }

        return Stopwatch.GetTimestamp() * 1_000.0 / Stopwatch.Frequency;
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the bench project for one call.
    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clock, out TimeSpec time);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
