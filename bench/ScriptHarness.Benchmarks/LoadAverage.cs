namespace ScriptHarness.Benchmarks;

/// <summary>
/// The machine's load average (Linux <c>/proc/loadavg</c>), printed by the quick runners at the
/// start and the end of a run so a reader can tell a quiet measurement from a shared machine.
/// </summary>
internal static class LoadAverage
{
    public static string Now() =>
        File.Exists("/proc/loadavg") && File.ReadAllText("/proc/loadavg").Split(' ') is [string one, string five, string fifteen, ..]
            ? $"load average {one} / {five} / {fifteen} (1 / 5 / 15 min)"
            : "load average unknown";
}
