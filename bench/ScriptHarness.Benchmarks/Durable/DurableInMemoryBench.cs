using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Durable.DependencyInjection;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>
/// Activity throughput of the durable backbone on the in-memory backend: 1 instance x 100
/// sequential no-op activities and 100 instances x 10 sequential ones, extended sessions off
/// and on (200 orchestration slots, so DTFx allows 100 sessions), after a warm-up run,
/// each shape repeated and reported as median and range (the machine is shared). Time is
/// measured from the first instance's creation to the last one's completion, as recorded.
/// Target: at least 2,000 activities/s on 100 x 10.
/// </summary>
public sealed class DurableInMemoryBench : IQuickBench
{
    private const string Orchestrator = SequenceBenchTasks.Orchestrator;
    private const int Repetitions = 5;

    public string Name => "durable-inmemory";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"| extended sessions | shape | activities | activities/s, median of {Repetitions} | range | CPU per activity | ceiling on {Environment.ProcessorCount} idle cores |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (bool sessions in new[] { false, true })
        {
            using IHost host = BuildHost(sessions);
            await host.StartAsync(cancellationToken);
            DurableTaskClient client = host.Services.GetRequiredService<DurableTaskClient>();
            await RunInstancesAsync(client, "warmup", instances: 20, activities: 10, cancellationToken);

            foreach ((int instances, int activities) in new[] { (1, 100), (100, 10) })
            {
                int total = instances * activities;
                List<double> rates = [];
                TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                for (int r = 0; r < Repetitions; r++)
                {
                    TimeSpan elapsed = await RunInstancesAsync(client, $"{instances}x{activities}", instances, activities, cancellationToken);
                    rates.Add(total / elapsed.TotalSeconds);
                }

                // CPU time is what a shared machine cannot steal: it gives the rate the process
                // would reach with every core to itself.
                double cpuMicrosPerActivity = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / (total * Repetitions);
                rates.Sort();
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {(sessions ? "on" : "off")} | {instances} x {activities} | {total} | {rates[Repetitions / 2]:F0} | {rates[0]:F0}–{rates[^1]:F0} | {cpuMicrosPerActivity:F0} µs | {Environment.ProcessorCount * 1_000_000 / cpuMicrosPerActivity:F0}/s |"));
            }

            await host.StopAsync(cancellationToken);
        }
    }

    private static IHost BuildHost(bool extendedSessions)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["durable:backend"] = "inMemory",
            ["durable:inMemory:maxConcurrentOrchestrations"] = "200",
            ["durable:inMemory:maxConcurrentActivities"] = "100",
            ["durable:inMemory:extendedSessionsEnabled"] = extendedSessions ? "true" : "false",
            ["durable:inMemory:extendedSessionIdleTimeout"] = "00:00:01",
        });
        builder.Services.AddScriptHarnessDurable(builder.Configuration, SequenceBenchTasks.Register);
        return builder.Build();
    }

    private static async Task<TimeSpan> RunInstancesAsync(DurableTaskClient client, string label, int instances, int activities, CancellationToken cancellationToken)
    {
        string run = $"{label}-{Guid.NewGuid():N}";
        string[] ids = await Task.WhenAll(Enumerable.Range(0, instances).Select(i =>
            client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, activities, new StartOrchestrationOptions($"{run}-{i}"), cancellationToken)));
        OrchestrationMetadata[] done = await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken)));
        if (done.Any(d => d.RuntimeStatus != OrchestrationRuntimeStatus.Completed || d.ReadOutputAs<int>() != activities))
        {
            throw new InvalidOperationException($"{label}: not every instance completed with {activities}.");
        }

        // The backend's own timestamps: first creation to last completion. Client-side timing
        // would add the completion poll's back-off (25 ms doubling to 1 s) to short runs.
        return done.Max(d => d.LastUpdatedAt) - done.Min(d => d.CreatedAt);
    }
}
