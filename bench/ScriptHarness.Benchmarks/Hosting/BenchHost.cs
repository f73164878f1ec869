using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ScriptHarness.Benchmarks.Hosting;

/// <summary>
/// A host <see cref="BenchHostBuilder"/> built: its services and client, started and stopped by
/// the bench; disposing stops it (if started) and deletes its temporary workspace.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    private readonly IHost host;
    private bool started;

    internal BenchHost(IHost host, string? workspace)
    {
        this.host = host;
        Workspace = workspace ?? Path.GetTempPath();
        OwnsWorkspace = workspace is not null;
    }

    /// <summary>The runs' workspace (the temporary folder the builder made, else the temp folder).</summary>
    public string Workspace { get; }

    public IServiceProvider Services => host.Services;

    public DurableTaskClient Client => host.Services.GetRequiredService<DurableTaskClient>();

    private bool OwnsWorkspace { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await host.StartAsync(cancellationToken);
        started = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (started)
        {
            started = false;
            await host.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        host.Dispose();
        if (OwnsWorkspace)
        {
            Directory.Delete(Workspace, recursive: true);
        }
    }
}
