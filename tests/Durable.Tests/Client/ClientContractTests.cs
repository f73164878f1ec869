using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Durable.Backends.InMemory;
using ScriptHarness.Durable.Shims;
using ScriptHarness.Tests.Durable.Hosting;

namespace ScriptHarness.Tests.Durable.Client;

public sealed class ClientContractTests
{
    private static TaskHubDurableTaskClient NewClient(out InMemoryOrchestrationService service)
    {
        service = new InMemoryOrchestrationService(new InMemoryBackendOptions());
        return new TaskHubDurableTaskClient(service, JsonDataConverter.Default);
    }

    public static TheoryData<string, Func<DurableTaskClient, Task>> UnsupportedMembers() => new()
    {
        { nameof(DurableTaskClient.RestartAsync), c => c.RestartAsync("i") },
        { nameof(DurableTaskClient.RewindInstanceAsync), c => c.RewindInstanceAsync("i", "why") },
        { nameof(DurableTaskClient.ListInstanceIdsAsync), c => c.ListInstanceIdsAsync() },
        { nameof(DurableTaskClient.Entities), c => Task.FromResult(c.Entities) },
        { "Recursive", c => c.TerminateInstanceAsync("i", new TerminateInstanceOptions(Recursive: true)) },
        { "Recursive", c => c.PurgeInstanceAsync("i", new PurgeInstanceOptions(Recursive: true)) },
    };

    [Theory]
    [MemberData(nameof(UnsupportedMembers))]
    public async Task Unsupported_members_throw_NotSupportedException_naming_the_member(string member, Func<DurableTaskClient, Task> call)
    {
        await using TaskHubDurableTaskClient client = NewClient(out InMemoryOrchestrationService service);
        using (service)
        {
            NotSupportedException thrown = await Assert.ThrowsAsync<NotSupportedException>(() => call(client));

            Assert.Contains(member, thrown.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_instance_reads_as_null()
    {
        await using TaskHubDurableTaskClient client = NewClient(out InMemoryOrchestrationService service);
        using (service)
        {
            Assert.Null(await client.GetInstanceAsync("no-such-instance"));
            Assert.Empty(await client.GetOrchestrationHistoryAsync("no-such-instance"));
        }
    }

    [Fact]
    public async Task Waiting_for_an_instance_that_never_completes_ends_when_the_token_is_cancelled()
    {
        await using TaskHubDurableTaskClient client = NewClient(out InMemoryOrchestrationService service);
        using (service)
        {
            await client.ScheduleNewOrchestrationInstanceAsync("nobody-runs-this", new StartOrchestrationOptions("stays-pending"));
            using CancellationTokenSource cancel = new(TimeSpan.FromMilliseconds(200));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForInstanceCompletionAsync("stays-pending", cancel.Token));
        }
    }

    [Fact]
    public async Task Scheduled_instance_records_name_input_tags_and_creation_time()
    {
        await using TaskHubDurableTaskClient client = NewClient(out InMemoryOrchestrationService service);
        using (service)
        {
            DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);
            await client.ScheduleNewOrchestrationInstanceAsync(
                "named",
                new { Text = "in" },
                new StartOrchestrationOptions("tagged") { Tags = new Dictionary<string, string> { ["run"] = "42" } });

            OrchestrationMetadata metadata = (await client.GetInstanceAsync("tagged", getInputsAndOutputs: true))!;

            Assert.Equal("named", metadata.Name);
            Assert.Equal(OrchestrationRuntimeStatus.Pending, metadata.RuntimeStatus);
            Assert.Equal("{\"Text\":\"in\"}", metadata.SerializedInput);
            Assert.Equal("42", metadata.Tags["run"]);
            Assert.True(metadata.CreatedAt >= before);
        }
    }

    /// <summary>A provider that keeps only the message of a failure in its instance rows, like Azure Storage.</summary>
    private sealed class MessageOnlyStates(InMemoryOrchestrationService inner) : IOrchestrationServiceClient
    {
        public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => inner.CreateTaskOrchestrationAsync(creationMessage);

        public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => inner.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);

        public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => inner.SendTaskOrchestrationMessageAsync(message);

        public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => inner.SendTaskOrchestrationMessageBatchAsync(messages);

        public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
            inner.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

        public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => inner.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

        public async Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
            (await inner.GetOrchestrationStateAsync(instanceId, allExecutions)).Select(Strip).ToList();

        public async Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) =>
            Strip(await inner.GetOrchestrationStateAsync(instanceId, executionId));

        public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => inner.GetOrchestrationHistoryAsync(instanceId, executionId);

        public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
            inner.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

        private static OrchestrationState Strip(OrchestrationState state) => new()
        {
            OrchestrationInstance = state.OrchestrationInstance,
            Name = state.Name,
            OrchestrationStatus = state.OrchestrationStatus,
            CreatedTime = state.CreatedTime,
            LastUpdatedTime = state.LastUpdatedTime,
            Output = state.FailureDetails?.ErrorMessage ?? state.Output,
        };
    }

    [Fact]
    public async Task Failure_details_come_from_history_when_the_provider_keeps_only_the_message()
    {
        IHost host = await TestHost.StartAsync(r =>
            r.AddOrchestratorFunc<string, string>("throws", (ctx, _) => Task.FromException<string>(new ArgumentException("bad argument"))));
        try
        {
            string id = await host.Client().ScheduleNewOrchestrationInstanceAsync("throws");
            await host.Client().CompletedAsync(id);
            InMemoryOrchestrationService store = (InMemoryOrchestrationService)((TaskHubDurableTaskClient)host.Client()).ServiceClientForTests;
            await using TaskHubDurableTaskClient messageOnly = new(new MessageOnlyStates(store), JsonDataConverter.Default);

            OrchestrationMetadata metadata = (await messageOnly.GetInstanceAsync(id))!;

            Assert.Equal(OrchestrationRuntimeStatus.Failed, metadata.RuntimeStatus);
            Assert.Equal(typeof(ArgumentException).FullName, metadata.FailureDetails?.ErrorType);
            Assert.Equal("bad argument", metadata.FailureDetails?.ErrorMessage);
            Assert.NotNull(metadata.FailureDetails?.StackTrace);
        }
        finally
        {
            await host.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task Query_without_a_query_capable_backend_is_not_supported()
    {
        await using TaskHubDurableTaskClient client = new(new MessageOnlyStates(new InMemoryOrchestrationService(new InMemoryBackendOptions())), JsonDataConverter.Default);

        NotSupportedException thrown = Assert.Throws<NotSupportedException>(() => client.GetAllInstancesAsync());
        Assert.Contains(nameof(DurableTaskClient.GetAllInstancesAsync), thrown.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotSupportedException>(() => client.PurgeInstanceAsync("x"));
    }
}
