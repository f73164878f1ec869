using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.Backends.Sqlite;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// <c>SH_BENCH_PROFILE=seq|fan</c> (with <c>SH_BENCH_PROFILE_SECONDS</c>, default 20): instead of
/// the table, runs 1 x 100 (seq) or 100 x 10 (fan) again and again so that a profiler attached to
/// the process sees one workload only, and prints per round what the store did per activity.
/// </summary>
internal static class SqliteProfileLoop
{
    public static async Task RunAsync(
        DurableTaskClient client,
        SqliteOrchestrationService? sqlite,
        string profile,
        Func<DurableTaskClient, string, int, int, CancellationToken, Task<TimeSpan>> run,
        CancellationToken cancellationToken)
    {
        (int instances, int activities) = profile == "fan" ? (100, 10) : (1, 100);
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("SH_BENCH_PROFILE_SECONDS"), CultureInfo.InvariantCulture, out double s) ? s : 20;
        using Process self = Process.GetCurrentProcess();
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            (long transactions, long durable, long requests) before = sqlite?.WriteStatistics ?? default;
            long workItems = ThreadPool.CompletedWorkItemCount;
            long allocated = GC.GetTotalAllocatedBytes();
            self.Refresh();
            TimeSpan cpu = self.TotalProcessorTime;
            TimeSpan elapsed = await run(client, profile, instances, activities, cancellationToken);
            self.Refresh();
            (long transactions, long durable, long requests) after = sqlite?.WriteStatistics ?? default;
            double n = instances * activities;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{profile}: {n / elapsed.TotalSeconds,7:F0} act/s  CPU {(self.TotalProcessorTime - cpu).TotalMilliseconds / n:F2} ms/act  " +
                $"txn {(after.transactions - before.transactions) / n:F2} fsync {(after.durable - before.durable) / n:F2} writes {(after.requests - before.requests) / n:F2} " +
                $"pool items {(ThreadPool.CompletedWorkItemCount - workItems) / n:F1} alloc {(GC.GetTotalAllocatedBytes() - allocated) / n / 1024:F1} KiB per act"));
        }
    }
}
