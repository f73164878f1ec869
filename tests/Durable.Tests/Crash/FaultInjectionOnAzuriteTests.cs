using System.Collections.Concurrent;
using DurableTask.AzureStorage;
using DurableTask.Core;
using ScriptHarness.Durable.Testing.FaultInjection;
using ScriptHarness.Tests.Durable.Backends.AzureStorage;
using ScriptHarness.Tests.Durable.Hosting;

namespace ScriptHarness.Tests.Durable.Crash;

/// <summary>
/// The fault-injection decorator in one process on Azurite, with plain DTFx orchestrations:
/// a failed storage call at each named point is survived, and what runs again is exactly what
/// the point implies. (Real process kills are in the worker crash tests.)
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FaultInjectionOnAzuriteTests(AzuriteFixture azurite)
{
    private static readonly ConcurrentDictionary<string, int> Executions = new(StringComparer.Ordinal);

    [Theory]
    [InlineData("throw:before-orchestration-checkpoint#2")]
    [InlineData("throw:before-checkpoint-of-activity-result#2")]
    [InlineData("throw:after-orchestration-checkpoint#2")]
    [InlineData("throw:after-activity-completion#2")]
    public async Task A_failure_after_an_activity_ran_and_was_recorded_never_runs_it_again(string fault)
    {
        (OrchestrationState state, string instanceId, FaultInjectingOrchestrationService decorator) = await RunAsync(FaultRule.Parse(fault));

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Single(decorator.Fired);
        Assert.All(Enumerable.Range(0, 3), step => Assert.Equal(1, Executions[$"{instanceId}/{step}"]));
    }

    [Fact]
    public async Task A_failure_before_an_activity_result_is_recorded_runs_that_activity_again()
    {
        (OrchestrationState state, string instanceId, FaultInjectingOrchestrationService decorator) = await RunAsync(FaultRule.Parse("throw:before-activity-completion#2"));

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Single(decorator.Fired);
        Assert.Equal(1, Executions[$"{instanceId}/0"]);
        Assert.Equal(2, Executions[$"{instanceId}/1"]);
        Assert.Equal(1, Executions[$"{instanceId}/2"]);
    }

    [Fact]
    public async Task A_kill_rule_calls_the_kill_action_and_never_returns_to_the_caller()
    {
        int kills = 0;
        var decorator = new FaultInjectingOrchestrationService(
            new ThrowingService(),
            [FaultRule.Parse("kill:after-activity-completion")],
            kill: () => Interlocked.Increment(ref kills));

        await Assert.ThrowsAsync<InjectedFaultException>(() => decorator.CompleteTaskActivityWorkItemAsync(new TaskActivityWorkItem(), new TaskMessage()));

        Assert.Equal(1, kills);
    }

    private async Task<(OrchestrationState State, string InstanceId, FaultInjectingOrchestrationService Decorator)> RunAsync(FaultRule rule)
    {
        var service = new AzureStorageOrchestrationService(AzureStorageTestServices.Settings(azurite, azurite.NewTaskHubName("fault")));
        await service.CreateIfNotExistsAsync();
        var decorator = new FaultInjectingOrchestrationService(service, [rule]);
        var worker = new TaskHubWorker(decorator);
        worker.AddTaskOrchestrations(typeof(StepsOrchestration));
        worker.AddTaskActivities(typeof(CountedActivity));
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient(service);
            OrchestrationInstance instance = await client.CreateOrchestrationInstanceAsync(typeof(StepsOrchestration), 3);
            OrchestrationState state = await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(2));
            return (state, instance.InstanceId, decorator);
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            await service.DeleteAsync();
        }
    }

    /// <summary>Runs <see cref="CountedActivity"/> for steps 0..n-1 in order.</summary>
    public sealed class StepsOrchestration : TaskOrchestration<int, int>
    {
        /// <inheritdoc />
        public override async Task<int> RunTask(OrchestrationContext context, int input)
        {
            for (int i = 0; i < input; i++)
            {
                await context.ScheduleTask<int>(typeof(CountedActivity), $"{context.OrchestrationInstance.InstanceId}/{i}");
            }

            return input;
        }
    }

    /// <summary>Counts its executions per idempotency key.</summary>
    public sealed class CountedActivity : TaskActivity<string, int>
    {
        /// <inheritdoc />
        protected override int Execute(TaskContext context, string input) => Executions.AddOrUpdate(input, 1, (_, n) => n + 1);
    }

    /// <summary>An inner service whose completion calls succeed and everything else is unused.</summary>
    private sealed class ThrowingService : UnusedOrchestrationService
    {
        public override Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) => Task.CompletedTask;
    }
}
