using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.Backends.AzureStorage;

namespace ScriptHarness.Durable.Options;

/// <summary>Validates the <c>durable</c> section at start.</summary>
internal sealed class DurableOptionsValidator : IValidateOptions<DurableOptions>
{
    private readonly IEnumerable<IDurableBackend> backends;

    public DurableOptionsValidator(IEnumerable<IDurableBackend> backends) => this.backends = backends;

    public ValidateOptionsResult Validate(string? name, DurableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (!this.backends.Any(b => string.Equals(b.Name, options.Backend, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"durable:backend '{options.Backend}' is not a registered backend (known: {string.Join(", ", this.backends.Select(b => b.Name))}).");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add("durable:shutdownTimeout must be positive.");
        }

        if (options.PoisonEpisodeLimit is < 1 or > 1000)
        {
            failures.Add("durable:poisonEpisodeLimit must be between 1 and 1000.");
        }

        if (options.InMemory.MaxConcurrentOrchestrations < 1 || options.InMemory.MaxConcurrentActivities < 1)
        {
            failures.Add("durable:inMemory concurrency values must be at least 1.");
        }

        if (string.Equals(options.Backend, AzureStorageDurableBackend.BackendName, StringComparison.OrdinalIgnoreCase))
        {
            AzureStorageBackendOptions azure = options.AzureStorage;
            if (string.IsNullOrWhiteSpace(azure.ConnectionStringVariable))
            {
                failures.Add("durable:azureStorage:connectionStringVariable must name an environment variable.");
            }

            if (string.IsNullOrWhiteSpace(azure.TaskHubName))
            {
                failures.Add("durable:azureStorage:taskHubName is required.");
            }

            if (azure.PartitionCount is < 1 or > 16)
            {
                failures.Add("durable:azureStorage:partitionCount must be between 1 and 16.");
            }

            if (azure.MaxConcurrentOrchestrations < 1 || azure.MaxConcurrentActivities < 1)
            {
                failures.Add("durable:azureStorage concurrency values must be at least 1.");
            }
        }

        if (options.Versioning.MatchStrategy != Microsoft.DurableTask.Worker.DurableTaskWorkerOptions.VersionMatchStrategy.None
            && string.IsNullOrWhiteSpace(options.Versioning.Version))
        {
            failures.Add("durable:versioning:version is required when a match strategy is set.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
