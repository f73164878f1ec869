using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Host.Configuration;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Hosting;

/// <summary>
/// A generic host for a CLI verb: with the durable worker running (<c>run</c>, <c>attach</c>) or
/// only the client side of the store (<c>status</c>, <c>approve</c>, …). Either way every options
/// class is validated first, so a bad key fails before anything touches the store.
/// </summary>
internal sealed class HarnessProcess : IAsyncDisposable
{
    private readonly IHost host;
    private readonly bool worker;

    private HarnessProcess(IHost host, bool worker)
    {
        this.host = host;
        this.worker = worker;
    }

    /// <summary>The container.</summary>
    public IServiceProvider Services => this.host.Services;

    /// <summary>The script run client: the only door to the durable store (runs, history, suspend, resume, purge, queries).</summary>
    public ScriptRunClient Runs => this.Services.GetRequiredService<ScriptRunClient>();

    /// <summary>The Host's options.</summary>
    public HarnessHostOptions Options => this.Services.GetRequiredService<IOptions<HarnessHostOptions>>().Value;

    /// <summary>
    /// The builder every CLI process starts from: no framework defaults, this configuration, the
    /// Host's logging (warnings and up) and the harness's services.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(IConfiguration configuration)
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        HarnessLogging.Configure(builder.Logging, configuration, LogLevel.Warning);
        builder.Services.AddScriptHarnessHost(configuration);
        return builder;
    }

    /// <summary>
    /// Builds and starts the process; with <paramref name="worker"/> the durable worker runs too.
    /// With <paramref name="existingStoreOnly"/> (the verbs that read runs) a store that does not
    /// exist is refused instead of created (<see cref="StoreLocation.RequireExisting"/>).
    /// </summary>
    public static async Task<HarnessProcess> StartAsync(IConfiguration configuration, bool worker, CancellationToken cancellationToken, bool existingStoreOnly = false)
    {
        HostApplicationBuilder builder = CreateBuilder(configuration);
        builder.Services.AddSingleton<IHostLifetime, CliHostLifetime>();
        IHost host = builder.Build();
        try
        {
            // Fails with every bad key named, before the worker or the store starts.
            host.Services.GetRequiredService<IStartupValidator>().Validate();
            if (existingStoreOnly)
            {
                StoreLocation.RequireExisting(configuration);
            }

            if (worker)
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await host.Services.GetRequiredService<DurableBackendConnection>().CreateStoreIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new HarnessProcess(host, worker);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (this.worker)
        {
            await this.host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        if (this.host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            this.host.Dispose();
        }
    }
}
