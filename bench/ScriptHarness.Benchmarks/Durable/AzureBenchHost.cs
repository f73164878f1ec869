using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Durable.DependencyInjection;

namespace ScriptHarness.Benchmarks.Durable;

/// <summary>One in-process host (worker and client) on the backend the settings name, as a product host wires it.</summary>
internal sealed class AzureBenchHost : IAsyncDisposable
{
    private readonly IHost host;

    private AzureBenchHost(IHost host) => this.host = host;

    public DurableTaskClient Client => host.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>A client only: the work is done by worker processes.</summary>
    public static Task<AzureBenchHost> StartClientOnlyAsync(IReadOnlyDictionary<string, string> settings) => Task.FromResult(new AzureBenchHost(Build(settings)));

    public static async Task<AzureBenchHost> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        IHost host = Build(settings);
        await host.StartAsync();
        return new AzureBenchHost(host);
    }

    private static IHost Build(IReadOnlyDictionary<string, string> settings)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value)));
        builder.Services.AddScriptHarnessDurable(builder.Configuration, registry =>
        {
            registry.AddOrchestrator<AzureBenchSequence>();
            registry.AddOrchestrator<AzureBenchPingPong>();
            registry.AddActivity<AzureBenchNoOp>();
        });
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(TimeSpan.FromSeconds(20));
        host.Dispose();
    }
}
