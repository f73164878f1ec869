using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.DependencyInjection;

namespace ScriptHarness.Tests.Durable.Crash;

/// <summary>
/// The product's <see cref="DurableTaskClient"/> for a <see cref="WorkerStore"/>, wired exactly as
/// a host wires it (<c>AddScriptHarnessDurable</c> over the same settings), without a worker:
/// the test's worker processes do the work.
/// </summary>
public sealed class StoreClient : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private StoreClient(ServiceProvider services, DurableTaskClient client)
    {
        this.services = services;
        Client = client;
    }

    /// <summary>The client.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Creates the client; the store's environment variables are set in this process first.</summary>
    public static StoreClient Create(WorkerStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        foreach ((string name, string value) in store.Environment)
        {
            // Names are unique per store's service (e.g. per Azurite instance), so setting them is harmless.
            Environment.SetEnvironmentVariable(name, value);
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(store.Settings.Select(kv => KeyValuePair.Create(kv.Key, (string?)kv.Value))).Build();
        ServiceProvider services = new ServiceCollection().AddScriptHarnessDurable(configuration).BuildServiceProvider();
        return new StoreClient(services, services.GetRequiredService<DurableTaskClient>());
    }

    /// <summary>Polls the instance until <paramref name="condition"/> holds, failing with its last state after <paramref name="timeout"/>.</summary>
    public async Task<OrchestrationMetadata> WaitUntilAsync(string instanceId, Func<OrchestrationMetadata, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        OrchestrationMetadata? last = null;
        var delay = TimeSpan.FromMilliseconds(50);
        while (!cts.IsCancellationRequested)
        {
            last = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, CancellationToken.None);
            if (last is not null && condition(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(delay, cts.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 2));
        }

        throw new TimeoutException($"Instance {instanceId} did not reach the expected state within {timeout}; last: {last?.RuntimeStatus} {last?.SerializedCustomStatus}.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
