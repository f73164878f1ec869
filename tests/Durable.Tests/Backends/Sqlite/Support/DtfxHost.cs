using DurableTask.Core;
using ScriptHarness.Durable.Backends.Sqlite;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

/// <summary>A plain DTFx TaskHubWorker and TaskHubClient over one SqliteOrchestrationService.</summary>
public sealed class DtfxHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Type[] Orchestrations =
    [
        typeof(SequenceOrchestration), typeof(FanOutOrchestration), typeof(TimerOrchestration), typeof(WaitForEventOrchestration),
        typeof(ParentOrchestration), typeof(CountdownOrchestration), typeof(BigResultOrchestration), typeof(BigOutputOrchestration),
        typeof(SlowOrchestration), typeof(CrashOrchestration),
    ];

    private static readonly Type[] Activities = [typeof(AddOneActivity), typeof(SlowActivity), typeof(BigResultActivity)];

    private DtfxHost(SqliteOrchestrationService service, TaskHubWorker? worker)
    {
        this.Service = service;
        this.Worker = worker;
        this.Client = new TaskHubClient(service);
    }

    public SqliteOrchestrationService Service { get; }

    public TaskHubWorker? Worker { get; }

    public TaskHubClient Client { get; }

    public static async Task<DtfxHost> StartAsync(SqliteOrchestrationService service, bool withWorker = true)
    {
        await service.CreateIfNotExistsAsync();
        TaskHubWorker? worker = null;
        if (withWorker)
        {
            worker = new TaskHubWorker(service) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
            worker.AddTaskOrchestrations(Orchestrations);
            worker.AddTaskActivities(Activities);
            await worker.StartAsync();

            // Activity inputs are part of the audit trail: record them in history. (The dispatcher
            // exists only once started; tests create instances after this.)
            worker.TaskOrchestrationDispatcher.IncludeParameters = true;
            worker.TaskOrchestrationDispatcher.IncludeDetails = true;
        }

        return new DtfxHost(service, worker);
    }

    public Task<OrchestrationInstance> StartAsync<TOrchestration>(string instanceId, object input) =>
        this.Client.CreateOrchestrationInstanceAsync(typeof(TOrchestration), instanceId, input);

    public async Task<OrchestrationState> WaitAsync(OrchestrationInstance instance)
    {
        OrchestrationState? state = await this.Client.WaitForOrchestrationAsync(instance, Patience);
        Assert.True(state is not null, $"Instance {instance.InstanceId} did not finish within {Patience}.");
        return state;
    }

    public async ValueTask DisposeAsync()
    {
        if (this.Worker is not null)
        {
            await this.Worker.StopAsync(isForced: true);
        }

        await this.Service.DisposeAsync();
    }
}
