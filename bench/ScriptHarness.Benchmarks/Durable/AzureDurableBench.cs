using Microsoft.DurableTask;
using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask.Client;
using ScriptHarness.Tests.Durable.Backends.AzureStorage;
using ScriptHarness.Tests.Durable.Crash;
using ScriptHarness.Tests.Durable.TestWorker;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// <c>quick durable-azure</c>: the durable backbone per backend side by side (in-memory, Azure
/// Storage on a local Azurite), extended sessions off and on: 1 instance x 100 sequential no-op
/// activities, 100 instances x 10, event round trip (raise to the orchestration's code running
/// again), and 1 vs 3 worker processes on one Azurite task hub.
/// </summary>
public sealed class AzureDurableBench : IQuickBench
{
    private const int Rounds = 20;

    /// <inheritdoc />
    public string Name => "durable-azure";

    /// <inheritdoc />
    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await using AzuriteServer azurite = await AzuriteServer.StartAsync(cancellationToken: cancellationToken);
        string variable = "SCRIPTHARNESS_BENCH_AZURITE";
        Environment.SetEnvironmentVariable(variable, azurite.Endpoints.ConnectionString);

        output.WriteLine("CPU per activity = CPU time of the host process + Azurite's node process over the run / activities: what a loaded");
        output.WriteLine("machine cannot steal. Ceiling = cores / CPU per activity (the rate on idle cores if nothing else limits it).");
        output.WriteLine();
        output.WriteLine("| backend | extended sessions | 1 x 100 sequential (activities/s) | CPU per activity, host + Azurite (ms) | 100 x 10 (activities/s) | CPU per activity, host + Azurite (ms) | ceiling on idle cores (activities/s) | event round trip median / p90 (ms) |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");
        await RowAsync(output, "inMemory", "n/a", InMemory(), azurite: null);
        foreach (bool sessions in new[] { false, true })
        {
            await RowAsync(output, "azureStorage (Azurite, 1 partition)", sessions ? "on" : "off", Azure(variable, sessions, partitions: 1), azurite.ProcessId);
        }

        // The host.json default: four control queues poll in parallel.
        await RowAsync(output, "azureStorage (Azurite, 4 partitions: the default)", "on", Azure(variable, sessions: true, partitions: 4), azurite.ProcessId);

        output.WriteLine();
        output.WriteLine("Worker processes on one Azurite task hub (3 partitions, blob-lease partition management, extended sessions off, 30 s control-queue visibility, 200 x 10):");
        output.WriteLine();
        output.WriteLine("| workers | activities/s | CPU per activity, workers + Azurite (ms) |");
        output.WriteLine("|---|---|---|");
        (double one, string oneCpu) = await ProcessesAsync(azurite, processes: 1);
        output.WriteLine($"| 1 process | {one:0} | {oneCpu} |");
        (double three, string threeCpu) = await ProcessesAsync(azurite, processes: 3);
        output.WriteLine($"| 3 processes | {three:0} | {threeCpu} |");
        output.WriteLine($"| ratio 3 : 1 | {three / one:0.00} | |");
    }

    private static Dictionary<string, string> InMemory() => new()
    {
        ["durable:backend"] = "inMemory",
        ["durable:inMemory:maxConcurrentOrchestrations"] = "100",
        ["durable:inMemory:maxConcurrentActivities"] = "100",
    };

    internal static Dictionary<string, string> Azure(string variable, bool sessions, int partitions) => new()
    {
        ["durable:backend"] = "azureStorage",
        ["durable:azureStorage:connectionStringVariable"] = variable,
        ["durable:azureStorage:taskHubName"] = "bench" + Guid.NewGuid().ToString("N")[..12],
        ["durable:azureStorage:partitionCount"] = partitions.ToString(CultureInfo.InvariantCulture),
        ["durable:azureStorage:maxQueuePollingInterval"] = "00:00:00.100",
        ["durable:azureStorage:extendedSessionsEnabled"] = sessions ? "true" : "false",
        ["durable:azureStorage:maxConcurrentOrchestrations"] = "100",
        ["durable:azureStorage:maxConcurrentActivities"] = "100",
    };

    private static async Task RowAsync(TextWriter output, string backend, string sessions, Dictionary<string, string> settings, int? azurite)
    {
        await using AzureBenchHost host = await AzureBenchHost.StartAsync(settings);
        await SequentialAsync(host.Client, 5); // warm-up: JIT, queues, partition lease
        int[] others = azurite is int pid ? [pid] : [];
        var cpu = CpuMeter.Start(others);
        double sequential = await SequentialAsync(host.Client, 100);
        (double seqHost, double seqOthers) = cpu.MillisecondsPer(100);
        cpu = CpuMeter.Start(others);
        double fan = await ManyAsync(host.Client, instances: 100, steps: 10);
        (double fanHost, double fanOthers) = cpu.MillisecondsPer(1000);
        (double median, double p90) = await RoundTripAsync(host.Client);
        double ceiling = Environment.ProcessorCount * 1000 / (fanHost + fanOthers);
        output.WriteLine($"| {backend} | {sessions} | {sequential:0} | {seqHost:0.00} + {seqOthers:0.00} | {fan:0} | {fanHost:0.00} + {fanOthers:0.00} | {ceiling:0} | {median:0.0} / {p90:0.0} |");
    }

    internal static async Task<double> SequentialAsync(DurableTaskClient client, int steps)
    {
        string id = "seq-" + Guid.NewGuid().ToString("N");
        Task done = AzureBenchProbe.When(id + "/done");
        var clock = Stopwatch.StartNew();
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(AzureBenchSequence), steps, new StartOrchestrationOptions(id));
        await done.WaitAsync(TimeSpan.FromMinutes(5));
        return steps / clock.Elapsed.TotalSeconds;
    }

    internal static async Task<double> ManyAsync(DurableTaskClient client, int instances, int steps)
    {
        string[] ids = Enumerable.Range(0, instances).Select(i => $"many-{i}-{Guid.NewGuid():N}").ToArray();
        Task all = Task.WhenAll(ids.Select(id => AzureBenchProbe.When(id + "/done")));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select(id => client.ScheduleNewOrchestrationInstanceAsync(nameof(AzureBenchSequence), steps, new StartOrchestrationOptions(id))));
        await all.WaitAsync(TimeSpan.FromMinutes(5));
        return instances * steps / clock.Elapsed.TotalSeconds;
    }

    private static async Task<(double Median, double P90)> RoundTripAsync(DurableTaskClient client)
    {
        string id = "ping-" + Guid.NewGuid().ToString("N");
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(AzureBenchPingPong), Rounds, new StartOrchestrationOptions(id));
        var samples = new List<double>();
        for (int i = 0; i < Rounds; i++)
        {
            await AzureBenchProbe.When($"{id}/waiting/{i}").WaitAsync(TimeSpan.FromMinutes(2));
            Task got = AzureBenchProbe.When($"{id}/got/{i}");
            var clock = Stopwatch.StartNew();
            await client.RaiseEventAsync(id, "ping", i);
            await got.WaitAsync(TimeSpan.FromMinutes(2));
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.9)]);
    }

    private static async Task<(double Rate, string Cpu)> ProcessesAsync(AzuriteServer azurite, int processes)
    {
        const int instances = 200;
        const int steps = 10;
        string variable = "SCRIPTHARNESS_BENCH_AZURITE";
        // Extended sessions off, as in the scale-out test.
        var settings = Azure(variable, sessions: false, partitions: 3);
        settings["durable:azureStorage:controlQueueVisibilityTimeout"] = "00:00:30";

        // Blob leases: with the table partition manager, partitions that moved between workers
        // stopped being polled here (DTFx issues Azure/durabletask#1389, #1259).
        settings["durable:azureStorage:useTablePartitionManagement"] = "false";
        var store = new WorkerStore(settings, new Dictionary<string, string> { [variable] = azurite.Endpoints.ConnectionString });
        string folder = Directory.CreateTempSubdirectory("scriptharness-bench-").FullName;
        string effects = Path.Combine(folder, "effects");
        var workerSettings = new Dictionary<string, string> { ["fsync"] = "false" };
        var workers = new List<TestWorkerProcess>();
        try
        {
            workers.AddRange(await Task.WhenAll(Enumerable.Range(0, processes).Select(_ => TestWorkerProcess.StartAsync(store, effects, workerSettings))));
            await using AzureBenchHost client = await AzureBenchHost.StartClientOnlyAsync(settings);

            // Warm-up so every process has JIT-compiled the path and partitions are balanced.
            await WaitAllAsync(client.Client, await ScheduleAsync(client.Client, "warm", 3 * processes, 2));
            await Task.Delay(TimeSpan.FromSeconds(processes > 1 ? 15 : 1));

            var workerCpu = CpuMeter.Start([.. workers.Select(w => w.Id)]);
            var azuriteCpu = CpuMeter.Start([azurite.ProcessId]);
            var clock = Stopwatch.StartNew();
            string[] ids = await ScheduleAsync(client.Client, "meas", instances, steps);

            // Watching the effect log costs the store nothing; poll statuses only at the end.
            while (CountDone(effects, " meas-") < instances * steps)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException($"{processes} worker(s) did {CountDone(effects, " meas-")} of {instances * steps} activities in 10 minutes.");
                }

                await Task.Delay(50);
            }

            await WaitAllAsync(client.Client, ids);
            double rate = instances * steps / clock.Elapsed.TotalSeconds;
            double workersMs = workerCpu.MillisecondsPer(instances * steps).Others;
            double azuriteMs = azuriteCpu.MillisecondsPer(instances * steps).Others;
            return (rate, $"{workersMs:0.00} + {azuriteMs:0.00}");
        }
        finally
        {
            foreach (TestWorkerProcess worker in workers)
            {
                await worker.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static int CountDone(string effects, string marker)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(effects, "*.log"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith("done ", StringComparison.Ordinal) && line.Contains(marker, StringComparison.Ordinal))
                {
                    done.Add(line.Split(' ')[1]);
                }
            }
        }

        return done.Count;
    }

    private static async Task<string[]> ScheduleAsync(DurableTaskClient client, string prefix, int instances, int steps)
    {
        string[] ids = Enumerable.Range(0, instances).Select(i => $"{prefix}-{i}-{Guid.NewGuid():N}").ToArray();
        foreach (string[] chunk in ids.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(id => client.ScheduleNewOrchestrationInstanceAsync(
                nameof(StepsOrchestrator), new StepsInput(steps), new StartOrchestrationOptions(id))));
        }

        return ids;
    }

    private static async Task WaitAllAsync(DurableTaskClient client, string[] ids)
    {
        var pending = new HashSet<string>(ids, StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            foreach (string[] chunk in pending.ToArray().Chunk(25))
            {
                OrchestrationMetadata?[] states = await Task.WhenAll(chunk.Select(id => client.GetInstanceAsync(id)));
                foreach (OrchestrationMetadata? state in states)
                {
                    if (state is { IsCompleted: true })
                    {
                        pending.Remove(state.InstanceId);
                    }
                }
            }

            if (pending.Count > 0)
            {
                await Task.Delay(100);
            }
        }
    }
}
