using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelContextProtocol.Client;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Mcp;

/// <summary>
/// The latency a script adds to an MCP call: server-everything's <c>echo</c> called N times in
/// a row directly with the SDK's stdio client, against the same calls from one script run
/// (<c>await tools.mcp.everything.echo(...)</c> in a loop: validation, policy, one durable
/// activity per call) on the in-memory and SQLite backends. Medians of several runs, the direct
/// and the script passes alternating.
/// </summary>
public sealed class McpQuickBench : IQuickBench
{
    private const int Calls = 50;
    private const int Repetitions = 5;

    public string Name => "mcp";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        string server = ServerScript();
        await using McpClient direct = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions { Command = "node", Arguments = [server, "stdio"], Name = "direct" }),
            cancellationToken: cancellationToken);
        output.WriteLine($"{Calls} sequential echo calls to @modelcontextprotocol/server-everything over stdio; per call, median of {Repetitions}:");
        output.WriteLine("| backend | direct SDK call ms | through a script ms | added ms per call | a host no-op tool through a script ms (the durable round trip alone) |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (string backend in (string[])["inMemory", "sqlite"])
        {
            string folder = Directory.CreateTempSubdirectory("bench-mcp-").FullName;
            HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["durable:backend"] = backend,
                ["durable:sqlite:databasePath"] = Path.Combine(folder, "bench.db"),
                ["mcp:servers:everything:command"] = "node",
                ["mcp:servers:everything:args:0"] = server,
                ["mcp:servers:everything:args:1"] = "stdio",
                ["mcp:servers:everything:trust"] = "true",
            });
            builder.Services.AddScriptHarnessDurable(builder.Configuration);
            builder.Services.AddScriptHarnessTools(builder.Configuration, tools => tools.Add(
                "noop", "Answers at once.", JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone(), null,
                (_, _) => Task.FromResult(JsonDocument.Parse("""{"ok":true}""").RootElement.Clone()), ToolEffect.Read));
            builder.Services.AddScriptHarnessOrchestrations(builder.Configuration);
            using IHost host = builder.Build();
            await host.StartAsync(cancellationToken);
            ScriptRunClient runs = host.Services.GetRequiredService<ScriptRunClient>();
            string script = $"for (let i = 0; i < {Calls}; i++) {{ await tools.mcp.everything.echo({{ message: 'm' + i }}); }} return {Calls};";
            string local = $"for (let i = 0; i < {Calls}; i++) {{ await tools.noop({{ message: 'm' + i }}); }} return {Calls};";

            // Warm-up of both paths (JIT, the server's first calls).
            await DirectAsync(direct, cancellationToken);
            await ScriptAsync(runs, script, folder, cancellationToken);
            await ScriptAsync(runs, local, folder, cancellationToken);
            List<double> directTimes = [];
            List<double> scriptTimes = [];
            List<double> localTimes = [];
            for (int r = 0; r < Repetitions; r++)
            {
                directTimes.Add(await DirectAsync(direct, cancellationToken));
                scriptTimes.Add(await ScriptAsync(runs, script, folder, cancellationToken));
                localTimes.Add(await ScriptAsync(runs, local, folder, cancellationToken));
            }

            double directMs = Median(directTimes) / Calls;
            double scriptMs = Median(scriptTimes) / Calls;
            double localMs = Median(localTimes) / Calls;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {backend} | {directMs:F3} | {scriptMs:F3} | {scriptMs - directMs:F3} | {localMs:F3} |"));
            await host.StopAsync(cancellationToken);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<double> DirectAsync(McpClient client, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Calls; i++)
        {
            await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "m" + i }, cancellationToken: cancellationToken);
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> ScriptAsync(ScriptRunClient runs, string script, string workspace, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        TurnStart turn = await runs.StartTurnAsync(new TurnRequest($"bench-{Guid.NewGuid():N}", "t", [script], workspace), cancellationToken);
        RunView run = await runs.WaitForRunAsync(turn.RunInstanceIds[0], cancellationToken);
        double elapsed = watch.Elapsed.TotalMilliseconds;
        if (run.Output?.Report.Status.ToString() != "Completed")
        {
            throw new InvalidOperationException($"The script run did not complete: {run.Output?.Report.Error?.Message ?? run.Failure?.Message}");
        }

        return elapsed;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string ServerScript()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("@modelcontextprotocol/server-everything is not installed: run npm ci at the repository root.");
    }
}
