using System.Globalization;
using ScriptHarness.Tests.Durable.Backends.AzureStorage;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// <c>quick azurite-cpu</c>: where the CPU of an activity on Azure Storage (Azurite) goes. For
/// 1 x 100 sequential no-op activities and 100 x 10, with extended sessions on (1 and 4
/// partitions) and off: activities/s against the issue's targets, CPU per activity of this
/// process and of Azurite's node process (utime + stime of <c>/proc/&lt;pid&gt;/stat</c>, read
/// before and after through <see cref="System.Diagnostics.Process.TotalProcessorTime"/>), and, in
/// a second pass of the same work, the storage requests per activity by kind
/// (<see cref="StorageRequestCounter"/>) and so Azurite's CPU per request.
/// <para>
/// <c>AZURITE_CPU_PROFILE=1</c> runs Azurite under <c>node --cpu-prof</c> and summarizes its
/// profile for the first configuration's two CPU windows; each configuration gets a fresh Azurite (the profiler's sampling adds a little
/// to Azurite's CPU). <c>AZURITE_CPU_CONFIGS=on1,on4,off1</c> picks configurations.
/// </para>
/// </summary>
public sealed class AzuriteCpuBench : IQuickBench
{
    private const string Variable = "SCRIPTHARNESS_BENCH_AZURITE";
    private const int Sequential = 100;
    private const int Instances = 100;
    private const int Steps = 10;

    /// <inheritdoc />
    public string Name => "azurite-cpu";

    /// <inheritdoc />
    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"Start: {LoadAverage.Now()}");
        bool profile = Environment.GetEnvironmentVariable("AZURITE_CPU_PROFILE") == "1";
        string[] configs = (Environment.GetEnvironmentVariable("AZURITE_CPU_CONFIGS") ?? "on1,on4,off1").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        output.WriteLine("Azurite 3.37.0 in memory, a fresh node process per configuration (its CPU per request grows with what earlier task hubs left");
        output.WriteLine("in it); 100 ms maximum queue polling, concurrency 100. CPU figures are per activity; requests are counted in a second pass");
        output.WriteLine("of the same work (the SDK's event source costs our process CPU).");
        output.WriteLine();
        output.WriteLine("| configuration | shape | activities/s | target | host CPU ms/act | Azurite CPU ms/act | Azurite share | storage requests/act | Azurite CPU µs/request |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        List<(string Config, IReadOnlyDictionary<string, int> Seq, IReadOnlyDictionary<string, int> Fan)> breakdowns = [];
        List<string> profiles = [];
        for (int c = 0; c < configs.Length; c++)
        {
            // Only the first configuration is profiled.
            string? profileFolder = profile && c == 0 ? Directory.CreateTempSubdirectory("scriptharness-azurite-profile-").FullName : null;
            (string label, IReadOnlyDictionary<string, int> seq, IReadOnlyDictionary<string, int> fan) = await ConfigurationAsync(configs[c], profileFolder, output, profiles, cancellationToken);
            breakdowns.Add((label, seq, fan));
        }

        foreach ((string config, IReadOnlyDictionary<string, int> seq, IReadOnlyDictionary<string, int> fan) in breakdowns)
        {
            output.WriteLine();
            output.WriteLine($"Storage requests per activity by kind, {config} (all the requests are this process's: one worker, its client in-process):");
            output.WriteLine($"| request | 1 x {Sequential} | {Instances} x {Steps} |");
            output.WriteLine("|---|---|---|");
            foreach (string kind in seq.Keys.Union(fan.Keys).OrderByDescending(k => fan.GetValueOrDefault(k) + (seq.GetValueOrDefault(k) * 10)))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind} | {seq.GetValueOrDefault(kind) / (double)Sequential:F2} | {fan.GetValueOrDefault(kind) / (double)(Instances * Steps):F2} |"));
            }
        }

        foreach (string summary in profiles)
        {
            output.Write(summary);
        }

        output.WriteLine($"End: {LoadAverage.Now()}");
    }

    private static async Task<(string Label, IReadOnlyDictionary<string, int> Seq, IReadOnlyDictionary<string, int> Fan)> ConfigurationAsync(
        string config, string? profileFolder, TextWriter output, List<string> profiles, CancellationToken cancellationToken)
    {
        bool sessions = config.StartsWith("on", StringComparison.Ordinal);
        int partitions = int.Parse(config[(sessions ? 2 : 3)..], CultureInfo.InvariantCulture);
        string label = $"sessions {(sessions ? "on" : "off")}, {partitions} partition{(partitions == 1 ? "" : "s")}";
        string[] nodeOptions = profileFolder is null ? [] : ["--cpu-prof", "--cpu-prof-dir=" + profileFolder];
        AzuriteServer azurite = await AzuriteServer.StartAsync(null, nodeOptions, cancellationToken);
        List<(string Label, long From, long To, double CpuPerActivity)> windows = [];
        IReadOnlyDictionary<string, int> seqRequests;
        IReadOnlyDictionary<string, int> fanRequests;
        try
        {
            Environment.SetEnvironmentVariable(Variable, azurite.Endpoints.ConnectionString);
            Dictionary<string, string> settings = AzureDurableBench.Azure(Variable, sessions, partitions);
            string hub = settings["durable:azureStorage:taskHubName"];
            await using AzureBenchHost host = await AzureBenchHost.StartAsync(settings);
            await AzureDurableBench.SequentialAsync(host.Client, 5); // warm-up: JIT, queues, partition lease

            // Pass 1: rates and CPU, nothing listening.
            long t0 = NodeCpuProfile.NowMicroseconds();
            var cpu = CpuMeter.Start([azurite.ProcessId]);
            double seqRate = await AzureDurableBench.SequentialAsync(host.Client, Sequential);
            (double seqHost, double seqAzurite) = cpu.MillisecondsPer(Sequential);
            long t1 = NodeCpuProfile.NowMicroseconds();
            cpu = CpuMeter.Start([azurite.ProcessId]);
            double fanRate = await AzureDurableBench.ManyAsync(host.Client, Instances, Steps);
            (double fanHost, double fanAzurite) = cpu.MillisecondsPer(Instances * Steps);
            long t2 = NodeCpuProfile.NowMicroseconds();
            windows.Add(($"{label}, 1 x {Sequential} sequential", t0, t1, seqAzurite));
            windows.Add(($"{label}, {Instances} x {Steps}", t1, t2, fanAzurite));

            // Pass 2: the same work, requests counted.
            using (var counter = new StorageRequestCounter(azurite.Endpoints.BlobPort, azurite.Endpoints.QueuePort, azurite.Endpoints.TablePort, hub))
            {
                await AzureDurableBench.SequentialAsync(host.Client, Sequential);
                seqRequests = counter.TakeSnapshot();
                await AzureDurableBench.ManyAsync(host.Client, Instances, Steps);
                fanRequests = counter.TakeSnapshot();
            }

            Row(output, label, $"1 x {Sequential}", seqRate, sessions ? 150 : null, seqHost, seqAzurite, seqRequests.Values.Sum() / (double)Sequential);
            Row(output, label, $"{Instances} x {Steps}", fanRate, sessions ? 250 : null, fanHost, fanAzurite, fanRequests.Values.Sum() / (double)(Instances * Steps));
        }
        finally
        {
            if (profileFolder is not null)
            {
                // --cpu-prof writes the profile when node exits on its own: close the launcher's stdin.
                azurite.CloseStandardInputForTest();
                for (int i = 0; i < 300 && !azurite.HasExited; i++)
                {
                    await Task.Delay(100, CancellationToken.None);
                }
            }

            await azurite.DisposeAsync();
        }

        if (profileFolder is not null)
        {
            // Kept after the run, so the profile can be opened in a browser's devtools.
            using StringWriter summary = new(CultureInfo.InvariantCulture);
            string? file = Directory.EnumerateFiles(profileFolder, "*.cpuprofile").FirstOrDefault();
            if (file is null)
            {
                summary.WriteLine("No CPU profile was written.");
            }
            else
            {
                NodeCpuProfile cpuProfile = NodeCpuProfile.Load(file);
                foreach ((string window, long from, long to, double cpuPerActivity) in windows)
                {
                    summary.WriteLine();
                    summary.WriteLine($"Azurite CPU profile, {window} ({file}):");
                    cpuProfile.Summarize(from, to, cpuPerActivity, "activity", 15, summary);
                }
            }

            profiles.Add(summary.ToString());
        }

        return (label, seqRequests, fanRequests);
    }

    private static void Row(TextWriter output, string config, string shape, double rate, int? target, double host, double azurite, double requests)
    {
        string verdict = target is int t ? $"≥ {t}: {(rate >= t ? "met" : "**missed**")}" : "—";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {config} | {shape} | {rate:F0} | {verdict} | {host:F2} | {azurite:F2} | {azurite / (host + azurite):P0} | {requests:F1} | {azurite * 1000 / requests:F0} |"));
    }
}
