using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Durable.DependencyInjection;

namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>
/// Builds and starts a host for one backend: the backend's settings come from
/// <see cref="BackendSettings"/>; every backend shares the versioning settings the suite tests
/// (worker version 2.0, current-or-older, fail on mismatch).
/// </summary>
public abstract class DurableBackendFixture : IDurableBackendFixture, IAsyncLifetime
{
    /// <summary>The worker version every conformance host runs.</summary>
    public const string WorkerVersion = "2.0";

    private IHost? host;

    public abstract string BackendName { get; }

    public DurableTaskClient Client => this.Services.GetRequiredService<DurableTaskClient>();

    public IServiceProvider Services => this.host?.Services ?? throw new InvalidOperationException("The fixture has not started.");

    public SideEffectLedger Ledger { get; } = new();

    public virtual async Task InitializeAsync()
    {
        Dictionary<string, string?> settings = new()
        {
            ["durable:backend"] = this.BackendName,
            ["durable:shutdownTimeout"] = "00:00:10",
            ["durable:versioning:version"] = WorkerVersion,
            ["durable:versioning:matchStrategy"] = nameof(DurableTaskWorkerOptions.VersionMatchStrategy.CurrentOrOlder),
            ["durable:versioning:failureStrategy"] = nameof(DurableTaskWorkerOptions.VersionFailureStrategy.Fail),
        };
        foreach ((string key, string? value) in this.BackendSettings())
        {
            settings[key] = value;
        }

        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(this.Ledger);
        builder.Services.AddScriptHarnessDurable(builder.Configuration, ConformanceTasks.Register);
        this.ConfigureServices(builder.Services);
        this.host = builder.Build();
        await this.host.StartAsync();
    }

    public virtual async Task DisposeAsync()
    {
        if (this.host is not null)
        {
            await this.host.StopAsync(TimeSpan.FromSeconds(30));
            this.host.Dispose();
        }
    }

    /// <summary>The backend's own <c>durable:*</c> settings.</summary>
    protected abstract IEnumerable<KeyValuePair<string, string?>> BackendSettings();

    /// <summary>Registers what the backend needs (e.g. an <c>IDurableBackend</c> of its own).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
