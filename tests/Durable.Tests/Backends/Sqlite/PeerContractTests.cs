using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>
/// What another provider of the framework (the SQL Server provider) does and clients rely on,
/// settled for the SQLite store: terminating a start scheduled in the future, the orchestration's
/// execution context on the activity round trip, refusing to replace a live instance, and a
/// wait that times out by throwing.
/// </summary>
public sealed class PeerContractTests : IDisposable
{
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task A_forced_terminate_before_a_scheduled_start_ends_the_instance_and_it_never_runs()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        DateTime startAt = DateTime.UtcNow.AddSeconds(2);
        OrchestrationInstance instance = await host.Client.CreateScheduledOrchestrationInstanceAsync(typeof(SequenceOrchestration), "sched-force", 1, startAt);

        await host.Client.TerminateInstanceAsync(instance, "not wanted");
        await WaitPastAsync(startAt);

        OrchestrationState state = await host.Client.GetOrchestrationStateAsync(instance);
        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
        Assert.Equal(0, ExecutionCounter.Get("sched-force:add:0"));
    }

    [Fact]
    public async Task A_terminate_message_before_a_scheduled_start_ends_the_instance_and_it_never_runs()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        DateTime startAt = DateTime.UtcNow.AddSeconds(2);
        OrchestrationInstance instance = await host.Client.CreateScheduledOrchestrationInstanceAsync(typeof(SequenceOrchestration), "sched-message", 1, startAt);

        // The framework's message form of a terminate (what a provider-agnostic caller sends).
        await host.Service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instance.InstanceId },
            Event = new ExecutionTerminatedEvent(-1, "not wanted"),
        });
        await WaitPastAsync(startAt);

        OrchestrationState state = await host.Client.GetOrchestrationStateAsync(instance);
        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
        Assert.Equal("not wanted", state.Output);
        Assert.Equal(0, ExecutionCounter.Get("sched-message:add:0"));
        Assert.Equal(0, StoreInspector.Count(this.store.DatabasePath, "SELECT count(*) FROM NewEvents WHERE InstanceId = 'sched-message'"));
    }

    [Fact]
    public async Task Activity_middleware_sees_the_orchestrations_tags_from_the_execution_context()
    {
        var seen = new ConcurrentDictionary<string, IDictionary<string, string>?>();
        SqliteOrchestrationService service = this.store.Service();
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        worker.AddTaskOrchestrations(typeof(SequenceOrchestration));
        worker.AddTaskActivities(typeof(AddOneActivity));
        worker.AddActivityDispatcherMiddleware(async (context, next) =>
        {
            TaskScheduledEvent scheduled = context.GetProperty<TaskScheduledEvent>();
            seen[scheduled.Input ?? string.Empty] = context.GetProperty<OrchestrationExecutionContext>()?.OrchestrationTags;
            await next();
        });
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient(service);
            var tags = new Dictionary<string, string> { ["tenant"] = "t-42", ["traceparent"] = "00-abc-def-01" };
            OrchestrationInstance instance = await client.CreateOrchestrationInstanceAsync(
                NameVersionHelper.GetDefaultName(typeof(SequenceOrchestration)), NameVersionHelper.GetDefaultVersion(typeof(SequenceOrchestration)), "tagged-1", 2, tags);
            OrchestrationState state = await client.WaitForOrchestrationAsync(instance, DtfxHost.Patience);

            Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
            Assert.Equal(2, seen.Count);
            Assert.All(seen.Values, t =>
            {
                Assert.NotNull(t);
                Assert.Equal("t-42", t["tenant"]);
                Assert.Equal("00-abc-def-01", t["traceparent"]);
            });
        }
        finally
        {
            await worker.StopAsync(isForced: true);
            await service.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_activity_work_item_carries_the_execution_context_its_orchestration_attached()
    {
        await using SqliteOrchestrationService service = this.store.Service();
        await service.CreateIfNotExistsAsync();
        await service.CreateTaskOrchestrationAsync(Episode.Creation("ctx-1"));
        TaskOrchestrationWorkItem item = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        Episode episode = Episode.Begin(item).ScheduleActivity("AddOne", "1");
        episode.Activities[0].OrchestrationExecutionContext = NewContext(new Dictionary<string, string> { ["k"] = "v" });
        await episode.CommitAsync(service);

        TaskActivityWorkItem activity = await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal("v", activity.TaskMessage.OrchestrationExecutionContext?.OrchestrationTags["k"]);
    }

    [Fact]
    public async Task Creating_an_id_that_is_running_is_refused_without_dedupe_statuses_and_the_run_is_kept()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance running = await host.StartAsync<WaitForEventOrchestration>("live-1", "first");
        await OrchestrationExecutionTests.WaitForStatusAsync(host, "live-1", OrchestrationStatus.Running);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.CreateOrchestrationInstanceAsync(typeof(WaitForEventOrchestration), "live-1", "second"));
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.CreateOrchestrationInstanceAsync(
            typeof(WaitForEventOrchestration), "live-1", "third", [OrchestrationStatus.Completed]));

        await host.Client.RaiseEventAsync(running, "approve", "ok");
        OrchestrationState state = await host.WaitAsync(running);
        Assert.Equal(running.ExecutionId, state.OrchestrationInstance.ExecutionId);
        Assert.Equal("\"first:ok\"", state.Output);
    }

    [Fact]
    public async Task Creating_an_id_that_is_pending_is_refused_and_a_finished_one_is_recreated()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(), withWorker: false);
        await host.StartAsync<SequenceOrchestration>("pending-1", 1);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => host.Client.CreateOrchestrationInstanceAsync(typeof(SequenceOrchestration), "pending-1", 2));

        await host.Client.TerminateInstanceAsync(new OrchestrationInstance { InstanceId = "pending-1" }, "done");
        OrchestrationInstance again = await host.Client.CreateOrchestrationInstanceAsync(typeof(SequenceOrchestration), "pending-1", 3);
        OrchestrationState state = await host.Client.GetOrchestrationStateAsync(again);
        Assert.Equal(OrchestrationStatus.Pending, state.OrchestrationStatus);
        Assert.Equal("3", state.Input);
    }

    [Fact]
    public async Task Waiting_past_the_timeout_throws_a_timeout_instead_of_answering_null()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(), withWorker: false);
        OrchestrationInstance instance = await host.StartAsync<SequenceOrchestration>("wait-1", 1);

        TimeoutException live = await Assert.ThrowsAsync<TimeoutException>(() => host.Client.WaitForOrchestrationAsync(instance, TimeSpan.FromMilliseconds(100)));
        Assert.Contains("Pending", live.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TimeoutException>(() => host.Service.WaitForOrchestrationAsync("no-such-instance", null!, TimeSpan.FromMilliseconds(100), CancellationToken.None));
    }

    [Fact]
    public async Task An_activity_that_hangs_in_a_live_worker_is_retried_after_the_maximum_lock_lifetime()
    {
        SqliteOrchestrationService service = this.store.Service(s =>
        {
            s.LockTimeout = TimeSpan.FromMilliseconds(600);
            s.MaxActivityLockLifetime = TimeSpan.FromSeconds(1);
        });
        await service.CreateIfNotExistsAsync();
        var worker = new TaskHubWorker(service) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        worker.AddTaskOrchestrations(typeof(HangOnceOrchestration));
        worker.AddTaskActivities(typeof(HangOnceActivity));
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient(service);
            OrchestrationInstance instance = await client.CreateOrchestrationInstanceAsync(typeof(HangOnceOrchestration), "hang-1", "x");
            OrchestrationState state = await client.WaitForOrchestrationAsync(instance, DtfxHost.Patience);

            Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
            Assert.Equal("\"attempt 2\"", state.Output);
            Assert.Equal(2, ExecutionCounter.Get("hang-1:hang"));
        }
        finally
        {
            HangOnceActivity.Release();
            await worker.StopAsync(isForced: true);
            await service.DisposeAsync();
        }
    }

    [Fact]
    public void A_maximum_lock_lifetime_shorter_than_the_lock_timeout_is_refused()
    {
        var settings = this.store.Settings(s =>
        {
            s.LockTimeout = TimeSpan.FromSeconds(30);
            s.MaxActivityLockLifetime = TimeSpan.FromSeconds(10);
        });

        Assert.Contains(settings.GetValidationErrors(), e => e.Contains("MaxActivityLockLifetime", StringComparison.Ordinal));
    }

    private static OrchestrationExecutionContext NewContext(IDictionary<string, string> tags) =>
        Newtonsoft.Json.JsonConvert.DeserializeObject<OrchestrationExecutionContext>(
            Newtonsoft.Json.JsonConvert.SerializeObject(new { OrchestrationTags = tags }))!;

    /// <summary>Waits until the scheduled start has passed and then a little longer, so a start that was not cancelled would have run.</summary>
    private static async Task WaitPastAsync(DateTime startAt)
    {
        TimeSpan wait = startAt - DateTime.UtcNow + TimeSpan.FromSeconds(1.5);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }
}

/// <summary>Calls <see cref="HangOnceActivity"/> once and returns its result.</summary>
public sealed class HangOnceOrchestration : TaskOrchestration<string, string>
{
    public override Task<string> RunTask(OrchestrationContext context, string input) => context.ScheduleTask<string>(typeof(HangOnceActivity), input);
}

/// <summary>Its first invocation per instance never returns (until the test releases it); later ones answer at once.</summary>
public sealed class HangOnceActivity : AsyncTaskActivity<string, string>
{
    private static readonly TaskCompletionSource Forever = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void Release() => Forever.TrySetResult();

    protected override async Task<string> ExecuteAsync(TaskContext context, string input)
    {
        string key = $"{context.OrchestrationInstance.InstanceId}:hang";
        ExecutionCounter.Hit(key);
        int attempt = ExecutionCounter.Get(key);
        if (attempt == 1)
        {
            await Forever.Task;
        }

        return $"attempt {attempt}";
    }
}
