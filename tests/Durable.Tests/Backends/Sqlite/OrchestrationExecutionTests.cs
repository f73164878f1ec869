using DurableTask.Core;
using DurableTask.Core.History;
using ScriptHarness.Tests.Durable.Backends.Sqlite.Support;

namespace ScriptHarness.Tests.Durable.Backends.Sqlite;

/// <summary>The framework's worker and client run orchestrations end to end on the SQLite store.</summary>
public sealed class OrchestrationExecutionTests : IDisposable
{
    private readonly TempStore store = new();

    public void Dispose() => this.store.Dispose();

    [Fact]
    public async Task Sequential_activities_complete_in_order_and_each_runs_once()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<SequenceOrchestration>("seq-1", 10);

        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("55", state.Output);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(1, ExecutionCounter.Get($"seq-1:add:{i}"));
        }
    }

    [Fact]
    public async Task Fan_out_and_fan_in_collects_every_result()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<FanOutOrchestration>("fan-1", 20);

        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("210", state.Output);
        Assert.Equal(20, ExecutionCounter.CountWithPrefix("fan-1:add:"));
    }

    [Fact]
    public async Task A_durable_timer_fires_and_the_orchestration_completes()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<TimerOrchestration>("timer-1", 300);

        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"fired\"", state.Output);
        IReadOnlyList<HistoryEvent> history = await host.Service.GetHistoryEventsAsync("timer-1");
        TimerFiredEvent fired = Assert.Single(history.OfType<TimerFiredEvent>());
        int firedAt = history.ToList().IndexOf(fired);
        HistoryEvent episodeStart = history.Take(firedAt).Last(e => e.EventType == EventType.OrchestratorStarted);
        Assert.True(episodeStart.Timestamp >= fired.FireAt, "The timer was delivered before its fire time.");
    }

    [Fact]
    public async Task An_external_event_resumes_the_waiting_orchestration()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<WaitForEventOrchestration>("event-1", "call-7");
        await WaitForCustomStatusAsync(host, "event-1", "\"awaitingApproval\"");

        await host.Client.RaiseEventAsync(instance, "approve", "alice");
        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"call-7:alice\"", state.Output);
    }

    [Fact]
    public async Task Terminate_ends_a_waiting_orchestration_with_the_reason()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<WaitForEventOrchestration>("term-1", "x");
        await WaitForCustomStatusAsync(host, "term-1", "\"awaitingApproval\"");

        await host.Client.TerminateInstanceAsync(instance, "operator stop");
        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Terminated, state.OrchestrationStatus);
        Assert.Contains("operator stop", state.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suspend_holds_events_until_resume()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<WaitForEventOrchestration>("susp-1", "s");
        await WaitForCustomStatusAsync(host, "susp-1", "\"awaitingApproval\"");

        await host.Client.SuspendInstanceAsync(instance, "hold");
        await WaitForStatusAsync(host, "susp-1", OrchestrationStatus.Suspended);
        await host.Client.RaiseEventAsync(instance, "approve", "bob");
        await Task.Delay(300);
        Assert.Equal(OrchestrationStatus.Suspended, (await host.Client.GetOrchestrationStateAsync(instance)).OrchestrationStatus);

        await host.Client.ResumeInstanceAsync(instance, "go");
        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("\"s:bob\"", state.Output);
    }

    [Fact]
    public async Task A_sub_orchestration_runs_and_returns_to_its_parent()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<ParentOrchestration>("parent-1", 3);

        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("60", state.Output);
        OrchestrationState? child = await host.Client.GetOrchestrationStateAsync("parent-1-child");
        Assert.NotNull(child);
        Assert.Equal(OrchestrationStatus.Completed, child.OrchestrationStatus);
        Assert.Equal("parent-1", child.ParentInstance?.OrchestrationInstance.InstanceId);
    }

    [Fact]
    public async Task Continue_as_new_keeps_only_the_latest_execution()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<CountdownOrchestration>("count-1", 3);

        OrchestrationState state = await host.WaitAsync(new OrchestrationInstance { InstanceId = "count-1" });

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("0", state.Output);
        Assert.NotEqual(instance.ExecutionId, state.OrchestrationInstance.ExecutionId);
        IReadOnlyList<HistoryEvent> history = await host.Service.GetHistoryEventsAsync("count-1");
        ExecutionStartedEvent started = Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Equal("0", started.Input);
        Assert.Equal(4, ExecutionCounter.CountWithPrefix("count-1:add:"));
    }

    [Fact]
    public async Task Extended_sessions_run_a_sequence_to_completion_with_each_activity_once()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service(s => s.ExtendedSessionsEnabled = true));
        OrchestrationInstance instance = await host.StartAsync<SequenceOrchestration>("session-1", 15);

        OrchestrationState state = await host.WaitAsync(instance);

        Assert.Equal(OrchestrationStatus.Completed, state.OrchestrationStatus);
        Assert.Equal("120", state.Output);
        Assert.Equal(15, ExecutionCounter.CountWithPrefix("session-1:add:"));
        IReadOnlyList<HistoryEvent> history = await host.Service.GetHistoryEventsAsync("session-1");
        Assert.Equal(15, history.OfType<TaskCompletedEvent>().Count());
    }

    [Fact]
    public async Task History_holds_every_payload_in_order()
    {
        await using DtfxHost host = await DtfxHost.StartAsync(this.store.Service());
        OrchestrationInstance instance = await host.StartAsync<SequenceOrchestration>("hist-1", 2);
        await host.WaitAsync(instance);

        string json = await host.Client.GetOrchestrationHistoryAsync(instance);
        IReadOnlyList<HistoryEvent> history = await host.Service.GetHistoryEventsAsync("hist-1");

        Assert.Equal("2", Assert.IsType<ExecutionStartedEvent>(history.First(e => e.EventType != EventType.OrchestratorStarted)).Input);
        Assert.Equal(["[0]", "[1]"], history.OfType<TaskScheduledEvent>().Select(e => e.Input));
        Assert.Equal(["1", "2"], history.OfType<TaskCompletedEvent>().Select(e => e.Result));
        Assert.Equal("3", history.OfType<ExecutionCompletedEvent>().Single().Result);
        List<HistoryEvent> parsed = new DurableTask.Core.Serializing.JsonDataConverter().Deserialize<List<HistoryEvent>>(json)!;
        Assert.Equal(history.Select(e => e.EventType), parsed.Select(e => e.EventType));
    }

    internal static async Task WaitForCustomStatusAsync(DtfxHost host, string instanceId, string status)
    {
        var deadline = DateTime.UtcNow + DtfxHost.Patience;
        while (DateTime.UtcNow < deadline)
        {
            OrchestrationState? state = await host.Client.GetOrchestrationStateAsync(instanceId);
            if (state?.Status == status)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"Instance {instanceId} never reached custom status {status}.");
    }

    internal static async Task WaitForStatusAsync(DtfxHost host, string instanceId, OrchestrationStatus status)
    {
        var deadline = DateTime.UtcNow + DtfxHost.Patience;
        while (DateTime.UtcNow < deadline)
        {
            OrchestrationState? state = await host.Client.GetOrchestrationStateAsync(instanceId);
            if (state?.OrchestrationStatus == status)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"Instance {instanceId} never reached status {status}.");
    }
}
