using DurableTask.AzureStorage;
using DurableTask.Core;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// DTFx's own Azure Storage provider, with plain DTFx orchestrations (no SDK, no glue of ours),
/// runs on our Azurite: the floor every other Azure test stands on.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageOnAzuriteSmokeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_DTFx_orchestration_with_three_activities_completes_on_Azurite()
    {
        var service = new AzureStorageOrchestrationService(AzureStorageTestServices.Settings(azurite, azurite.NewTaskHubName("smoke")));
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service);
        worker.AddTaskOrchestrations(typeof(CountingOrchestration));
        worker.AddTaskActivities(typeof(EchoActivity));
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient(service);
            OrchestrationInstance instance = await client.CreateOrchestrationInstanceAsync(typeof(CountingOrchestration), 3);

            OrchestrationState state = await client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(2));

            Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
            Assert.Equal("\"0,1,2\"", state.Output);
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            await service.DeleteAsync();
        }
    }

    /// <summary>Calls <see cref="EchoActivity"/> once per step and joins the results.</summary>
    public sealed class CountingOrchestration : TaskOrchestration<string, int>
    {
        /// <inheritdoc />
        public override async Task<string> RunTask(OrchestrationContext context, int input)
        {
            var results = new List<string>();
            for (int i = 0; i < input; i++)
            {
                results.Add(await context.ScheduleTask<string>(typeof(EchoActivity), i));
            }

            return string.Join(",", results);
        }
    }

    /// <summary>Returns its input as text.</summary>
    public sealed class EchoActivity : TaskActivity<int, string>
    {
        /// <inheritdoc />
        protected override string Execute(TaskContext context, int input) => input.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
