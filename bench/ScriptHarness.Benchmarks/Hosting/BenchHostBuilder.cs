using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Benchmarks.Hosting;

/// <summary>
/// The in-process host the script-run benches share (worker and client, wired as a product host
/// wires them): the backend and its settings, the durable registry, tools that answer at once,
/// and the orchestrations. One place, so the runners differ only in what they measure.
/// </summary>
internal sealed class BenchHostBuilder
{
    private static readonly JsonElement AnyObject = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    private readonly string backend;
    private readonly Dictionary<string, string?> settings = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Description)> tools = [];
    private Action<DurableTaskRegistry>? orchestrators;
    private string? workspacePrefix;

    private BenchHostBuilder(string backend)
    {
        this.backend = backend;
        settings["durable:backend"] = backend;
    }

    /// <summary>A host on <paramref name="backend"/> (<c>sqlite</c>, <c>inMemory</c>, ...).</summary>
    public static BenchHostBuilder For(string backend) => new(backend);

    /// <summary>Orchestration (and, if given, activity) slots of the backend's worker.</summary>
    public BenchHostBuilder Concurrency(int orchestrations, int? activities = null)
    {
        Set("maxConcurrentOrchestrations", orchestrations.ToString(CultureInfo.InvariantCulture));
        if (activities is int a)
        {
            Set("maxConcurrentActivities", a.ToString(CultureInfo.InvariantCulture));
        }

        return this;
    }

    /// <summary>Live-run caching: the backend's extended sessions.</summary>
    public BenchHostBuilder ExtendedSessions(bool enabled) => Set("extendedSessionsEnabled", enabled ? "true" : "false");

    /// <summary>The SQLite file (ignored by other backends) and, if given, its <c>synchronous</c> mode.</summary>
    public BenchHostBuilder SqliteFile(string path, string? synchronous = null)
    {
        settings["durable:sqlite:databasePath"] = path;
        if (synchronous is not null)
        {
            settings["durable:sqlite:synchronous"] = synchronous;
        }

        return this;
    }

    /// <summary>
    /// A fresh temporary folder (name starting with <paramref name="prefix"/>) as the runs'
    /// workspace, holding the SQLite file <c>bench.db</c>; deleted when the host is disposed.
    /// </summary>
    public BenchHostBuilder InTempWorkspace(string prefix)
    {
        workspacePrefix = prefix;
        return this;
    }

    /// <summary>Extra orchestrators or activities (e.g. the plain C# baseline) next to the harness's.</summary>
    public BenchHostBuilder Orchestrators(Action<DurableTaskRegistry> register)
    {
        orchestrators += register;
        return this;
    }

    /// <summary>A tool taking any object that answers <c>{"ok":true}</c> at once.</summary>
    public BenchHostBuilder Tool(string name, string description)
    {
        tools.Add((name, description));
        return this;
    }

    /// <summary>Builds the host without starting it (for a bench that times the start).</summary>
    public BenchHost Build()
    {
        string? workspace = workspacePrefix is null ? null : Directory.CreateTempSubdirectory(workspacePrefix).FullName;
        if (workspace is not null && !settings.ContainsKey("durable:sqlite:databasePath"))
        {
            settings["durable:sqlite:databasePath"] = Path.Combine(workspace, "bench.db");
        }

        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        if (orchestrators is null)
        {
            builder.Services.AddScriptHarnessDurable(builder.Configuration);
        }
        else
        {
            builder.Services.AddScriptHarnessDurable(builder.Configuration, orchestrators);
        }

        builder.Services.AddScriptHarnessTools(builder.Configuration, registry =>
        {
            foreach ((string name, string description) in tools)
            {
                registry.Add(
                    new ToolDescriptor(name, description, AnyObject),
                    (_, _) => Task.FromResult(JsonSerializer.SerializeToElement(new { ok = true })));
            }
        });
        builder.Services.AddScriptHarnessOrchestrations(builder.Configuration);
        return new BenchHost(builder.Build(), workspace);
    }

    /// <summary>Builds and starts the host.</summary>
    public async Task<BenchHost> StartAsync(CancellationToken cancellationToken)
    {
        BenchHost host = Build();
        await host.StartAsync(cancellationToken);
        return host;
    }

    private BenchHostBuilder Set(string key, string value)
    {
        settings[$"durable:{backend}:{key}"] = value;
        return this;
    }
}
