using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Durable.Backends.AzureStorage;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Tests.Durable.Conformance;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// The conformance host on the <c>azureStorage</c> backend over the shared Azurite: a unique
/// task hub, one partition, 200 ms polling, a 10 s work-item visibility timeout (so a lost
/// renewal would show as a second run within the suite's patience) and duplicate starts that throw.
/// </summary>
public sealed class AzureStorageBackendFixture : DurableBackendFixture
{
    private SharedAzurite.Lease? lease;
    private string? variable;

    /// <inheritdoc />
    public override string BackendName => AzureStorageDurableBackend.BackendName;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        lease = await SharedAzurite.AcquireAsync();
        variable = "SCRIPTHARNESS_AZURITE_" + lease.Server.Endpoints.BlobPort.ToString(CultureInfo.InvariantCulture);
        Environment.SetEnvironmentVariable(variable, lease.Server.Endpoints.ConnectionString);
        await base.InitializeAsync();
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (lease is not null)
        {
            await lease.DisposeAsync();
        }
    }

    /// <summary>The work-item (activity) queue's visibility timeout of this fixture's task hub.</summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddScriptHarnessDurableTasks(registry =>
        {
            registry.AddOrchestratorFunc<string, string>(SlowActivity.Orchestrator, (ctx, key) => ctx.CallActivityAsync<string>(nameof(SlowActivity), key));
            registry.AddActivity<SlowActivity>();
        });

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string?>> BackendSettings() =>
    [
        new("durable:azureStorage:connectionStringVariable", variable),
        new("durable:azureStorage:taskHubName", "conf" + Guid.NewGuid().ToString("N")[..16]),
        new("durable:azureStorage:partitionCount", "1"),
        new("durable:azureStorage:maxQueuePollingInterval", "00:00:00.200"),
        new("durable:azureStorage:useTablePartitionManagement", "true"),
        new("durable:azureStorage:throwExceptionOnInvalidDedupeStatus", "true"),
        new("durable:azureStorage:workItemQueueVisibilityTimeout", VisibilityTimeout.ToString()),
        new("durable:azureStorage:maxConcurrentOrchestrations", "50"),
        new("durable:azureStorage:maxConcurrentActivities", "50"),
    ];
}

/// <summary>Runs for twice the work-item visibility timeout plus a bit: DTFx must keep renewing its lock.</summary>
public sealed class SlowActivity(SideEffectLedger ledger) : TaskActivity<string, string>
{
    /// <summary>The orchestrator that calls it once.</summary>
    public const string Orchestrator = "azure-slow-activity";

    /// <summary>How long the activity runs.</summary>
    public static readonly TimeSpan Duration = (2 * AzureStorageBackendFixture.VisibilityTimeout) + TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskActivityContext context, string input)
    {
        ledger.Attempt(input);
        await Task.Delay(Duration);
        ledger.Complete(input);
        return input;
    }
}
