using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Durable.DependencyInjection;

namespace ScriptHarness.Tests.Durable.Hosting;

/// <summary>A host on the in-memory backend with the tasks and settings a test gives.</summary>
internal static class TestHost
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static IHost Build(
        Action<DurableTaskRegistry> tasks,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        services?.Invoke(builder.Services);
        builder.Services.AddScriptHarnessDurable(builder.Configuration, tasks);
        return builder.Build();
    }

    public static async Task<IHost> StartAsync(
        Action<DurableTaskRegistry> tasks,
        IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        IHost host = Build(tasks, settings, services);
        await host.StartAsync();
        return host;
    }

    public static DurableTaskClient Client(this IHost host) => host.Services.GetRequiredService<DurableTaskClient>();

    public static async Task<OrchestrationMetadata> CompletedAsync(this DurableTaskClient client, string instanceId)
    {
        using CancellationTokenSource timeout = new(Patience);
        return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
    }

    public static async Task StopQuietlyAsync(this IHost host)
    {
        await host.StopAsync(Patience);
        host.Dispose();
    }
}
