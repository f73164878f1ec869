using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using ScriptHarness.Durable.Backends;
using ScriptHarness.Tests.Durable.Hosting;

namespace ScriptHarness.Tests.Durable.Backends;

/// <summary>
/// Extended sessions stay open only while an answer is on its way, so runs that wait for a
/// human never hold the dispatcher's slots for the idle timeout.
/// </summary>
public sealed class AnswerAwaitingSessionsTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("inMemory")]
    [InlineData("sqlite")]
    public async Task A_run_waiting_for_an_event_gives_its_slot_back_so_another_run_proceeds(string backend)
    {
        string folder = Directory.CreateTempSubdirectory("sessions-").FullName;
        int waiterEntries = 0;
        IHost host = await TestHost.StartAsync(
            r =>
            {
                r.AddActivityFunc<int, int>("inc", (_, i) => i + 1);
                r.AddOrchestratorFunc<string, string>("waits-for-a-human", async (ctx, _) =>
                {
                    Interlocked.Increment(ref waiterEntries);
                    using CancellationTokenSource cancel = new();
                    Task<string> decision = ctx.WaitForExternalEvent<string>("decision", cancel.Token);
                    Task expiry = ctx.CreateTimer(ctx.CurrentUtcDateTime.AddDays(1), cancel.Token);
                    Task winner = await Task.WhenAny(decision, expiry);
                    cancel.Cancel();
                    return winner == decision ? decision.Result : "expired";
                });
                r.AddOrchestratorFunc<int, int>("three-steps", async (ctx, n) =>
                {
                    for (int i = 0; i < 3; i++)
                    {
                        n = await ctx.CallActivityAsync<int>("inc", n);
                    }

                    return n;
                });
            },
            [
                new("durable:backend", backend),
                new("durable:sqlite:databasePath", Path.Combine(folder, "sessions.db")),
                new($"durable:{backend}:maxConcurrentOrchestrations", "1"),
                new($"durable:{backend}:extendedSessionsEnabled", "true"),
                // Far longer than the test's patience: a session kept open for it would stall the test.
                new($"durable:{backend}:extendedSessionIdleTimeout", "00:10:00"),
            ]);
        try
        {
            DurableTaskClient client = host.Client();
            string waiter = await client.ScheduleNewOrchestrationInstanceAsync("waits-for-a-human", "x");
            await WaitUntilAsync(() => Volatile.Read(ref waiterEntries) >= 1);

            // One slot: the other run can only go while the waiting one does not hold it.
            string other = await client.ScheduleNewOrchestrationInstanceAsync("three-steps", 0);
            OrchestrationMetadata otherDone = await client.CompletedAsync(other);
            Assert.Equal(3, otherDone.ReadOutputAs<int>());

            await client.RaiseEventAsync(waiter, "decision", "approved");
            OrchestrationMetadata waiterDone = await client.CompletedAsync(waiter);
            Assert.Equal("approved", waiterDone.ReadOutputAs<string>());

            // The session ended after the first episode, so the decision's episode replayed it.
            Assert.Equal(2, waiterEntries);
        }
        finally
        {
            await host.StopQuietlyAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_activity_without_its_result_keeps_the_session_and_its_result_ends_it()
    {
        OrchestrationRuntimeState state = State(new TaskScheduledEvent(0, "inc"));
        Assert.True(AnswerAwaitingSessions.ExpectsAnswer(state, Now));

        state.AddEvent(new TaskCompletedEvent(-1, 0, "1"));
        Assert.False(AnswerAwaitingSessions.ExpectsAnswer(state, Now));

        state.AddEvent(new TaskScheduledEvent(1, "inc"));
        state.AddEvent(new TaskFailedEvent(-1, 1, "boom", null));
        Assert.False(AnswerAwaitingSessions.ExpectsAnswer(state, Now));
    }

    [Fact]
    public void Only_a_timer_due_before_the_horizon_and_not_yet_fired_keeps_the_session()
    {
        OrchestrationRuntimeState far = State(new TimerCreatedEvent(0) { FireAt = Now.AddDays(1) });
        Assert.False(AnswerAwaitingSessions.ExpectsAnswer(far, Now.AddSeconds(30)));

        OrchestrationRuntimeState near = State(new TimerCreatedEvent(0) { FireAt = Now.AddSeconds(5) });
        Assert.True(AnswerAwaitingSessions.ExpectsAnswer(near, Now.AddSeconds(30)));

        near.AddEvent(new TimerFiredEvent(-1) { TimerId = 0, FireAt = Now.AddSeconds(5) });
        Assert.False(AnswerAwaitingSessions.ExpectsAnswer(near, Now.AddSeconds(30)));
    }

    [Fact]
    public void An_unknown_state_keeps_the_session()
    {
        Assert.True(AnswerAwaitingSessions.ExpectsAnswer(null, Now));
    }

    private static OrchestrationRuntimeState State(params HistoryEvent[] events)
    {
        OrchestrationRuntimeState state = new();
        state.AddEvent(new OrchestratorStartedEvent(-1));
        state.AddEvent(new ExecutionStartedEvent(-1, "null") { Name = "o", OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" } });
        foreach (HistoryEvent e in events)
        {
            state.AddEvent(e);
        }

        return state;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using CancellationTokenSource timeout = new(TestHost.Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
