using System.Text;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Backends.AzureStorage;
using ScriptHarness.Durable.DependencyInjection;
using ScriptHarness.Durable.Options;

namespace ScriptHarness.Tests.Durable.Hosting;

public sealed class ConfigurationTests
{
    private const string HostJson = """
        {
          "durable": {
            "backend": "azureStorage",
            "shutdownTimeout": "00:00:05",
            "versioning": { "version": "1.2", "matchStrategy": "CurrentOrOlder", "failureStrategy": "Fail" },
            "inMemory": { "maxConcurrentActivities": 7 },
            "azureStorage": {
              "connectionStringVariable": "MY_STORAGE",
              "taskHubName": "hub1",
              "partitionCount": 3,
              "maxQueuePollingInterval": "00:00:00.250",
              "extendedSessionsEnabled": true,
              "maxConcurrentOrchestrations": 11,
              "maxConcurrentActivities": 12,
              "workItemQueueVisibilityTimeout": "00:00:20",
              "throwExceptionOnInvalidDedupeStatus": true,
              "workerId": "w1"
            }
          }
        }
        """;

    private static DurableOptions Bind(string json)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        ServiceCollection services = new();
        services.AddScriptHarnessDurable(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DurableOptions>>().Value;
    }

    [Fact]
    public void Durable_section_binds_every_key()
    {
        DurableOptions options = Bind(HostJson);

        Assert.Equal("azureStorage", options.Backend);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownTimeout);
        Assert.Equal("1.2", options.Versioning.Version);
        Assert.Equal(7, options.InMemory.MaxConcurrentActivities);
        Assert.Equal(3, options.AzureStorage.PartitionCount);
        Assert.True(options.AzureStorage.ExtendedSessionsEnabled);
    }

    [Fact]
    public void Azure_storage_options_map_onto_the_provider_settings_with_the_secret_read_from_the_named_variable()
    {
        AzureStorageBackendOptions azure = Bind(HostJson).AzureStorage;

        AzureStorageOrchestrationServiceSettings settings = AzureStorageSettingsMapper.ToSettings(
            azure, name => name == "MY_STORAGE" ? "UseDevelopmentStorage=true" : null);

        Assert.Equal("hub1", settings.TaskHubName);
        Assert.Equal(3, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.MaxQueuePollingInterval);
        Assert.True(settings.ExtendedSessionsEnabled);
        Assert.Equal(11, settings.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.Equal(12, settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.WorkItemQueueVisibilityTimeout);
        Assert.True(settings.ThrowExceptionOnInvalidDedupeStatus);
        Assert.True(settings.UseTablePartitionManagement);
        Assert.Equal("w1", settings.WorkerId);
        Assert.NotNull(settings.StorageAccountClientProvider);
    }

    [Fact]
    public void Missing_connection_string_variable_is_an_error_naming_the_variable()
    {
        DurableConfigurationException thrown = Assert.Throws<DurableConfigurationException>(() =>
            AzureStorageSettingsMapper.ToSettings(new AzureStorageBackendOptions { ConnectionStringVariable = "NOT_SET_ANYWHERE" }, _ => null));

        Assert.Contains("NOT_SET_ANYWHERE", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_values_are_reported_together_at_validation()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["durable:backend"] = "azureStorage",
            ["durable:shutdownTimeout"] = "00:00:00",
            ["durable:azureStorage:partitionCount"] = "17",
            ["durable:versioning:matchStrategy"] = "Strict",
        }).Build();
        ServiceCollection services = new();
        services.AddScriptHarnessDurable(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        OptionsValidationException thrown = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DurableOptions>>().Value);

        Assert.Contains(thrown.Failures, f => f.Contains("shutdownTimeout", StringComparison.Ordinal));
        Assert.Contains(thrown.Failures, f => f.Contains("partitionCount", StringComparison.Ordinal));
        Assert.Contains(thrown.Failures, f => f.Contains("versioning:version", StringComparison.Ordinal));
    }
}
