using DurableTask.Core;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Durable.Backends.Sqlite;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>
/// Raising an event at most once per name, decided in the store: two services on one file (two
/// API processes) raising different payloads under one name; an event already processed into
/// the history; waiting events read back.
/// </summary>
public sealed class EventOnceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task Two_services_on_one_file_raising_one_name_at_once_raise_it_once_and_the_loser_reads_the_winner()
    {
        await using SqliteOrchestrationService first = this.store.Service();
        await using SqliteOrchestrationService second = this.store.Service();
        await first.CreateIfNotExistsAsync();
        await first.CreateTaskOrchestrationAsync(Episode.Creation("once-1"));

        for (int i = 0; i < 20; i++)
        {
            string name = $"approval-{i}";
            EventOnceResult[] results = await Task.WhenAll(
                Task.Run(() => first.RaiseEventOnceAsync("once-1", name, "\"approve\"")),
                Task.Run(() => second.RaiseEventOnceAsync("once-1", name, "\"deny\"")));

            EventOnceResult winner = Assert.Single(results, r => r.Outcome == EventOnceOutcome.Raised);
            EventOnceResult loser = Assert.Single(results, r => r.Outcome == EventOnceOutcome.AlreadyRaised);
            string winnerPayload = ReferenceEquals(winner, results[0]) ? "\"approve\"" : "\"deny\"";
            Assert.Equal(winnerPayload, loser.ExistingInput);
        }

        IReadOnlyList<WaitingEvent> waiting = await second.GetWaitingEventsAsync("once-1", "approval-");
        Assert.Equal(20, waiting.Count);
        Assert.Equal(20, waiting.Select(e => e.Name).Distinct().Count());
        Assert.Empty(await second.GetWaitingEventsAsync("once-1", "result-"));
    }

    [Fact]
    public async Task An_event_already_processed_into_the_history_is_not_raised_again_and_no_live_instance_raises_nothing()
    {
        await using SqliteOrchestrationService service = this.store.Service();
        await service.CreateIfNotExistsAsync();
        await service.CreateTaskOrchestrationAsync(Episode.Creation("once-2"));
        Assert.Equal(EventOnceOutcome.Raised, (await service.RaiseEventOnceAsync("once-2", "approval-1", "\"approve\"")).Outcome);

        // An episode consumes the start and the event: the event is now in the history.
        TaskOrchestrationWorkItem item = await service.LockNextTaskOrchestrationWorkItemAsync(Wait, CancellationToken.None);
        await Episode.Begin(item).CommitAsync(service);
        await service.ReleaseTaskOrchestrationWorkItemAsync(item);
        Assert.Empty(await service.GetWaitingEventsAsync("once-2", "approval-"));

        EventOnceResult again = await service.RaiseEventOnceAsync("once-2", "approval-1", "\"deny\"");
        Assert.Equal(EventOnceOutcome.AlreadyRaised, again.Outcome);
        Assert.Equal("\"approve\"", again.ExistingInput);
        Assert.Empty(await service.GetWaitingEventsAsync("once-2", "approval-"));

        Assert.Equal(EventOnceOutcome.NoLiveInstance, (await service.RaiseEventOnceAsync("nobody", "approval-1", "\"approve\"")).Outcome);
    }
}
