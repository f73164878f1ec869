using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Cancellation;

/// <summary>
/// What the cross-worker cancellation path costs. (1) Per tool call: a no-op tool run through
/// <see cref="ToolActivity"/> directly, without a watcher and with the run-status watcher at its
/// defaults (a call shorter than the grace period never reads the store: what it pays is the
/// watch's setup and teardown), alternating blocks, medians. (2) Per status read, once a call has
/// outlived the grace period: <c>GetInstanceAsync</c> of a running script run on the in-memory
/// and SQLite backends.
/// </summary>
public sealed class CancellationWatchQuickBench : IQuickBench
{
    private const int CallsPerBlock = 20_000;
    private const int Blocks = 9;
    private const int Reads = 500;

    public string Name => "cancel-watch";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await MeasurePerCallAsync(output, cancellationToken);
        foreach (string backend in new[] { "inMemory", "sqlite" })
        {
            await MeasureStatusReadAsync(backend, output, cancellationToken);
        }
    }

    private static async Task MeasurePerCallAsync(TextWriter output, CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["durable:backend"] = "inMemory" });
        builder.Services.AddScriptHarnessDurable(builder.Configuration);
        builder.Services.AddScriptHarnessTools(builder.Configuration);
        builder.Services.AddScriptHarnessOrchestrations(builder.Configuration);
        using IHost host = builder.Build();

        ITool noop = new DelegateTool(
            new ToolDescriptor("noop", "Does nothing.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()),
            (_, _) => Task.FromResult(default(JsonElement)));
        ToolCancellation channel = new();
        ToolActivity plain = new(noop, channel);
        ToolActivity watched = new(noop, channel, host.Services.GetRequiredService<IToolCancellationWatcher>());
        Context context = new("bench-run");
        ToolInvocation invocation = new(RunIds.IdempotencyKey("bench-run", 1), 1, "/", default);

        await BlockAsync(plain, context, invocation);
        await BlockAsync(watched, context, invocation);
        List<(double Ns, double Bytes)> without = [];
        List<(double Ns, double Bytes)> with = [];
        for (int b = 0; b < Blocks; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            without.Add(await BlockAsync(plain, context, invocation));
            with.Add(await BlockAsync(watched, context, invocation));
        }

        (double plainNs, double plainBytes) = Median(without);
        (double watchedNs, double watchedBytes) = Median(with);
        output.WriteLine($"ToolActivity of a no-op tool, {CallsPerBlock} sequential calls per block, median of {Blocks} alternating blocks:");
        output.WriteLine("| activity | ns/call | bytes allocated/call |");
        output.WriteLine("|---|---|---|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| in-process channel only | {plainNs:F0} | {plainBytes:F0} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| with the run-status watcher (default 1 s grace: no read) | {watchedNs:F0} | {watchedBytes:F0} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The watch adds {watchedNs - plainNs:F0} ns and {watchedBytes - plainBytes:F0} bytes per call."));
    }

    private static async Task<(double Ns, double Bytes)> BlockAsync(ToolActivity activity, Context context, ToolInvocation invocation)
    {
        long before = GC.GetTotalAllocatedBytes(precise: false);
        Stopwatch clock = Stopwatch.StartNew();
        for (int i = 0; i < CallsPerBlock; i++)
        {
            await activity.RunAsync(context, invocation);
        }

        clock.Stop();
        return (clock.Elapsed.TotalNanoseconds / CallsPerBlock, (GC.GetTotalAllocatedBytes(precise: false) - before) / (double)CallsPerBlock);
    }

    private static async Task MeasureStatusReadAsync(string backend, TextWriter output, CancellationToken cancellationToken)
    {
        string workspace = Directory.CreateTempSubdirectory("bench-cancel-watch-").FullName;
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["durable:backend"] = backend,
            ["durable:sqlite:databasePath"] = Path.Combine(workspace, "bench.db"),
            ["orchestrations:approvals:rules:0:tool"] = "hold",
            ["orchestrations:approvals:rules:0:action"] = "allow",
        });
        builder.Services.AddScriptHarnessDurable(builder.Configuration);
        builder.Services.AddScriptHarnessTools(builder.Configuration, tools => tools.Add(
            new ToolDescriptor("hold", "Waits until released.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()),
            async (_, ct) =>
            {
                await release.Task.WaitAsync(ct);
                return default;
            }));
        builder.Services.AddScriptHarnessOrchestrations(builder.Configuration);
        using IHost host = builder.Build();
        await host.StartAsync(cancellationToken);
        ScriptRunClient runs = host.Services.GetRequiredService<ScriptRunClient>();
        DurableTaskClient client = host.Services.GetRequiredService<DurableTaskClient>();

        TurnStart turn = await runs.StartTurnAsync(new TurnRequest($"bench-{Guid.NewGuid():N}", "t", ["await tools.hold({}); return 1;"], workspace), cancellationToken);
        string run = turn.RunInstanceIds[0];
        while ((await client.GetInstanceAsync(run, getInputsAndOutputs: false, cancellationToken))?.SerializedCustomStatus is not { Length: > 0 } status || !status.Contains("\"CallsInFlight\":1", StringComparison.Ordinal))
        {
            await Task.Delay(20, cancellationToken);
        }

        double[] micros = new double[Reads];
        for (int i = -50; i < Reads; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await client.GetInstanceAsync(run, getInputsAndOutputs: false, cancellationToken);
            if (i >= 0)
            {
                micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        Array.Sort(micros);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{backend}: one status read of a running run (GetInstanceAsync without inputs), median of {Reads}: {micros[Reads / 2]:F0} us (p90 {micros[Reads * 9 / 10]:F0} us)."));
        release.TrySetResult();
        await runs.WaitForRunAsync(run, cancellationToken);
        await host.StopAsync(cancellationToken);
        Directory.Delete(workspace, recursive: true);
    }

    private static (double, double) Median(List<(double Ns, double Bytes)> samples)
    {
        double[] ns = [.. samples.Select(s => s.Ns).Order()];
        double[] bytes = [.. samples.Select(s => s.Bytes).Order()];
        return (ns[ns.Length / 2], bytes[bytes.Length / 2]);
    }

    private sealed class Context(string instanceId) : TaskActivityContext
    {
        public override TaskName Name => "noop";

        public override string InstanceId => instanceId;
    }
}
