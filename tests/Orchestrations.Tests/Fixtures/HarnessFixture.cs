using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScriptHarness.Activities.DependencyInjection;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.DependencyInjection;

namespace ScriptHarness.Tests.Orchestrations.Fixtures;

/// <summary>
/// One host for the end-to-end tests: the durable backbone on the in-memory backend (or, in a
/// derived fixture, a durable one), the fake tools beside the built-in ones, and the script
/// orchestrations, with a temporary workspace.
/// </summary>
public class HarnessFixture : IAsyncLifetime
{
    private IHost? host;
    private DtfxEventListener? listener;

    public string Workspace { get; } = Directory.CreateTempSubdirectory("orchestrations-ws-").FullName;

    public ToolLedger Ledger { get; } = new();

    public ToolGates Gates { get; } = new();

    public IServiceProvider Services => this.host?.Services ?? throw new InvalidOperationException("Not started.");

    public ScriptRunClient Runs => this.Services.GetRequiredService<ScriptRunClient>();

    public DurableTaskClient Durable => this.Services.GetRequiredService<DurableTaskClient>();

    public static Dictionary<string, string?> BaseSettings() => new()
    {
        ["durable:backend"] = "inMemory",
        ["durable:shutdownTimeout"] = "00:00:05",
        ["durable:inMemory:maxConcurrentOrchestrations"] = "50",
        ["durable:inMemory:maxConcurrentActivities"] = "50",
        ["durable:inMemory:abandonDelay"] = "00:00:00.200",
        ["orchestrations:approvals:rules:0:tool"] = "add",
        ["orchestrations:approvals:rules:0:action"] = "allow",
        ["orchestrations:approvals:rules:0:network"] = "true",
        ["orchestrations:approvals:rules:1:tool"] = "wait",
        ["orchestrations:approvals:rules:1:action"] = "allow",
        ["orchestrations:approvals:rules:2:tool"] = "deploy",
        ["orchestrations:approvals:rules:2:args:env"] = "prod",
        ["orchestrations:approvals:rules:2:action"] = "deny",
        ["orchestrations:approvals:rules:2:reason"] = "nobody deploys to prod from a script",
        ["orchestrations:approvals:rules:3:tool"] = "boom",
        ["orchestrations:approvals:rules:3:action"] = "allow",
        ["orchestrations:approvals:rules:4:tool"] = "stubborn",
        ["orchestrations:approvals:rules:4:action"] = "allow",
        ["orchestrations:approvals:rules:5:tool"] = "flaky",
        ["orchestrations:approvals:rules:5:action"] = "allow",
    };

    /// <summary>Changes the settings before the host is built (e.g. the backend).</summary>
    protected virtual void AdjustSettings(Dictionary<string, string?> settings)
    {
    }

    public async Task InitializeAsync()
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Dictionary<string, string?> settings = BaseSettings();
        this.AdjustSettings(settings);
        builder.Configuration.AddInMemoryCollection(settings);
        // Diagnostics on demand: ORCH_TEST_LOG=/tmp/x.log writes the host's logs and DTFx's error events.
        if (Environment.GetEnvironmentVariable("ORCH_TEST_LOG") is { Length: > 0 } logPath)
        {
            builder.Logging.AddProvider(new FileLoggerProvider(logPath));
            this.listener = new DtfxEventListener(logPath + ".dtfx");
        }
        builder.Services.AddScriptHarnessDurable(builder.Configuration);
        builder.Services.AddScriptHarnessTools(builder.Configuration, b => FakeTools.Register(b, this.Ledger, this.Gates));
        builder.Services.AddScriptHarnessOrchestrations(builder.Configuration);
        this.Configure(builder);
        this.host = builder.Build();
        await this.host.StartAsync();
    }

    /// <summary>Adjusts the host before it is built (settings, services).</summary>
    protected virtual void Configure(HostApplicationBuilder builder)
    {
    }

    public virtual async Task DisposeAsync()
    {
        if (this.host is not null)
        {
            await this.host.StopAsync(TimeSpan.FromSeconds(15));
            this.host.Dispose();
        }

        this.listener?.Dispose();
        try
        {
            Directory.Delete(this.Workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HarnessCollection : ICollectionFixture<HarnessFixture>
{
    public const string Name = "harness";
}
