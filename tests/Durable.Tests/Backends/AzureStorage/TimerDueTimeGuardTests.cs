using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Durable.Backends.AzureStorage;
using ScriptHarness.Tests.Durable.Hosting;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// Azure Storage delays timer messages in whole seconds, so they can arrive up to a second
/// early; the guard holds such work until due. (Found by the conformance suite on Azurite.)
/// </summary>
public sealed class TimerDueTimeGuardTests
{
    [Fact]
    public async Task A_work_item_with_a_timer_that_arrived_early_is_handed_out_no_earlier_than_the_timer_is_due()
    {
        DateTime due = DateTime.UtcNow.AddMilliseconds(400);
        var inner = new OneWorkItemService(Timer(due));
        var guard = new TimerDueTimeGuard(inner);

        TaskOrchestrationWorkItem item = await guard.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(DateTime.UtcNow >= due, "handed out before the timer was due");
        Assert.Same(inner.WorkItem, item);
    }

    [Fact]
    public async Task Later_batches_of_an_extended_session_are_held_until_their_timers_are_due()
    {
        var inner = new OneWorkItemService();
        var guard = new TimerDueTimeGuard(inner);
        TaskOrchestrationWorkItem item = await guard.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        DateTime due = DateTime.UtcNow.AddMilliseconds(400);
        inner.Session.Next = [Timer(due)];

        IList<TaskMessage>? batch = await item.Session.FetchNewOrchestrationMessagesAsync(item);

        Assert.True(DateTime.UtcNow >= due, "handed out before the timer was due");
        Assert.Single(batch!);
    }

    [Fact]
    public async Task Work_without_timers_is_not_held()
    {
        var inner = new OneWorkItemService(new TaskMessage { Event = new EventRaisedEvent(-1, "x") { Name = "go" } });
        var guard = new TimerDueTimeGuard(inner);

        TaskOrchestrationWorkItem item = await guard.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Same(inner.WorkItem, item);
    }

    private static TaskMessage Timer(DateTime due) => new() { Event = new TimerFiredEvent(-1) { TimerId = 1, FireAt = due } };

    private sealed class FakeSession : IOrchestrationSession
    {
        public IList<TaskMessage>? Next { get; set; }

        public Task<IList<TaskMessage>?> FetchNewOrchestrationMessagesAsync(TaskOrchestrationWorkItem workItem) => Task.FromResult(Next);

        public Task EndSessionAsync() => Task.CompletedTask;
    }

    private sealed class OneWorkItemService(params TaskMessage[] messages) : UnusedOrchestrationService
    {
        public FakeSession Session { get; } = new();

        public TaskOrchestrationWorkItem WorkItem { get; } = new() { InstanceId = "i", NewMessages = messages };

        public override Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        {
            WorkItem.Session = Session;
            return Task.FromResult(WorkItem);
        }
    }
}
