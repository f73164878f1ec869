using Microsoft.DurableTask.Client;
using ScriptHarness.Tests.Durable.Conformance;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// The conformance suite, unchanged, on the Azure Storage backend (Azurite), plus what only a
/// queue-based backend can get wrong.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageConformanceTests(AzureStorageBackendFixture fixture) : DurableConformanceTests<AzureStorageBackendFixture>(fixture)
{
    [Fact]
    public async Task Activity_running_past_the_queue_visibility_timeout_runs_once_because_its_lock_is_renewed()
    {
        string id = this.Id("slow");
        await this.StartAsync(SlowActivity.Orchestrator, id, id);

        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(SlowActivity.Duration > 2 * AzureStorageBackendFixture.VisibilityTimeout);
        Assert.Equal(1, this.Ledger.Attempts(id));
        Assert.Equal(1, this.Ledger.Completions(id));
    }
}
