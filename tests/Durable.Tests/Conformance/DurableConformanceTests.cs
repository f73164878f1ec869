using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;

namespace ScriptHarness.Tests.Durable.Conformance;

/// <summary>
/// The behaviour every durable backend must show, run unchanged against each one: derive a
/// sealed class per backend with its fixture. Instance ids carry a per-test prefix so tests
/// sharing a fixture never see each other's instances.
/// </summary>
public abstract class DurableConformanceTests<TFixture> : IClassFixture<TFixture>
    where TFixture : class, IDurableBackendFixture
{
    /// <summary>Generous: a loaded 2-core machine and a remote-like backend must both make it.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    protected DurableConformanceTests(TFixture fixture)
    {
        this.Fixture = fixture;
        this.Prefix = $"c{Guid.NewGuid():N}"[..13];
    }

    protected TFixture Fixture { get; }

    protected DurableTaskClient Client => this.Fixture.Client;

    protected SideEffectLedger Ledger => this.Fixture.Ledger;

    /// <summary>Prefix of every instance id and idempotency key of this test.</summary>
    protected string Prefix { get; }

    [Fact]
    public async Task Sequence_of_activities_completes_in_order_with_each_effect_recorded_once()
    {
        string id = this.Id("seq");
        await this.StartAsync(ConformanceTasks.Sequence, id, new SequenceInput($"{id}:", 5));

        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal(["STEP0", "STEP1", "STEP2", "STEP3", "STEP4"], done.ReadOutputAs<List<string>>());
        Assert.Equal(5, this.Ledger.CompletedKeys($"{id}:").Count);
        Assert.All(this.Ledger.CompletedKeys($"{id}:"), k => Assert.Equal(1, this.Ledger.Completions(k)));
    }

    [Fact]
    public async Task Fan_out_fan_in_runs_every_activity_and_gathers_all_results()
    {
        string id = this.Id("fan");
        await this.StartAsync(ConformanceTasks.FanOut, id, new SequenceInput($"{id}:", 20));

        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal(20, done.ReadOutputAs<int>());
        Assert.Equal(20, this.Ledger.CompletedKeys($"{id}:").Count);
    }

    [Fact]
    public async Task External_events_raised_before_anyone_waits_are_buffered_not_lost()
    {
        string id = this.Id("events");
        await this.StartAsync(ConformanceTasks.TwoEvents, id);

        // Both are raised before the orchestrator waits for "second" (and maybe before it runs).
        await this.Client.RaiseEventAsync(id, "second", "B");
        await this.Client.RaiseEventAsync(id, "first", "A");

        OrchestrationMetadata done = await this.CompletedAsync(id);
        Assert.Equal("A+B", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Event_that_wins_a_race_with_a_long_timer_cancels_it_and_the_next_event_is_received()
    {
        string id = this.Id("race-event");
        await this.StartAsync(ConformanceTasks.EventOrTimer, id);
        await this.Client.WaitForInstanceStartAsync(id, this.Timeout());

        await this.Client.RaiseEventAsync(id, "approve", "yes");
        await this.Client.RaiseEventAsync(id, "approve", "again");

        // The expiry timer is an hour away: completing within the patience window means it was cancelled.
        OrchestrationMetadata done = await this.CompletedAsync(id);
        Assert.Equal(["event:yes", "next:again"], done.ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task Event_wait_that_loses_to_a_timer_does_not_swallow_a_later_event()
    {
        string id = this.Id("race-timer");
        await this.StartAsync(ConformanceTasks.TimerLosesThenEvent, id);

        // Raise only after the timer has won (its firing is in the history).
        await this.UntilAsync(async () => (await this.Client.GetOrchestrationHistoryAsync(id)).OfType<TimerFiredEvent>().Any());
        await this.Client.RaiseEventAsync(id, "approve", "late");

        OrchestrationMetadata done = await this.CompletedAsync(id);
        Assert.Equal(["timer", "next:late"], done.ReadOutputAs<List<string>>());
    }

    [Fact]
    public async Task Custom_status_is_visible_while_running_and_kept_after_completion()
    {
        string id = this.Id("phases");
        await this.StartAsync(ConformanceTasks.Phases, id);

        await this.UntilAsync(async () => (await this.Client.GetInstanceAsync(id))?.SerializedCustomStatus is not null);
        OrchestrationMetadata waiting = (await this.Client.GetInstanceAsync(id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal("awaitingApproval", waiting.ReadCustomStatusAs<System.Text.Json.JsonElement>().GetProperty("phase").GetString());

        await this.Client.RaiseEventAsync(id, "decision", "approved");
        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal("approved", done.ReadOutputAs<string>());
        Assert.Equal("finishing", done.ReadCustomStatusAs<System.Text.Json.JsonElement>().GetProperty("phase").GetString());
    }

    [Fact]
    public async Task Durable_timer_fires_no_earlier_than_its_due_time()
    {
        string id = this.Id("timer");
        await this.StartAsync(ConformanceTasks.Timer, id);

        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal("fired-after-due", done.ReadOutputAs<string>());
        IList<HistoryEvent> history = await this.Client.GetOrchestrationHistoryAsync(id);
        Assert.Single(history.OfType<TimerCreatedEvent>());
        Assert.Single(history.OfType<TimerFiredEvent>());
    }

    [Fact]
    public async Task Failing_activity_is_retried_by_policy_until_it_succeeds_once()
    {
        string id = this.Id("retry");
        string key = $"{id}:flaky";
        await this.StartAsync(ConformanceTasks.Retry, id, new KeyedInput(key, "x", Number: 2));

        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal("succeeded on attempt 3", done.ReadOutputAs<string>());
        Assert.Equal(3, this.Ledger.Attempts(key));
        Assert.Equal(1, this.Ledger.Completions(key));
    }

    [Fact]
    public async Task Sub_orchestration_knows_its_parent_and_the_parent_is_recorded_in_its_history()
    {
        string id = this.Id("parent");
        string childId = $"{id}-child";
        await this.StartAsync(ConformanceTasks.Parent, id, childId);

        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal(new ParentSeen(ConformanceTasks.Parent, id), done.ReadOutputAs<ParentSeen>());
        ExecutionStartedEvent started = Assert.Single((await this.Client.GetOrchestrationHistoryAsync(childId)).OfType<ExecutionStartedEvent>());
        Assert.Equal(id, started.ParentInstance?.OrchestrationInstance.InstanceId);
        DurableHistoryEvent audit = HistoryEventMapper.Map(started, 0);
        Assert.Equal(id, audit.Parent?.InstanceId);
        Assert.Equal(ConformanceTasks.Parent, audit.Parent?.Name);
    }

    [Fact]
    public async Task Continue_as_new_restarts_with_the_new_input_until_done()
    {
        string id = this.Id("counter");
        await this.StartAsync(ConformanceTasks.Counter, id, 0);

        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal(3, done.ReadOutputAs<int>());
        ExecutionStartedEvent started = Assert.Single((await this.Client.GetOrchestrationHistoryAsync(id)).OfType<ExecutionStartedEvent>());
        Assert.Equal("3", started.Input);
    }

    [Fact]
    public async Task Terminated_instance_stops_and_never_runs_its_remaining_work()
    {
        string id = this.Id("terminate");
        string key = $"{id}:k";
        await this.StartAsync(ConformanceTasks.WaitForEvent, id, new KeyedInput(key, "v"));
        await this.UntilAsync(() => Task.FromResult(this.Ledger.Completions($"{key}:started") == 1));

        await this.Client.TerminateInstanceAsync(id, "enough");
        OrchestrationMetadata done = await this.CompletedAsync(id);
        await this.Client.RaiseEventAsync(id, "go", "too late");

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        OrchestrationMetadata after = (await this.Client.GetInstanceAsync(id))!;
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, after.RuntimeStatus);
        Assert.Equal(0, this.Ledger.Completions($"{key}:after-event"));
    }

    [Fact]
    public async Task Suspended_instance_holds_events_until_resumed()
    {
        string id = this.Id("suspend");
        string key = $"{id}:k";
        await this.StartAsync(ConformanceTasks.WaitForEvent, id, new KeyedInput(key, "v"));
        await this.UntilAsync(() => Task.FromResult(this.Ledger.Completions($"{key}:started") == 1));

        await this.Client.SuspendInstanceAsync(id, "hold on");
        await this.UntilAsync(async () => (await this.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await this.Client.RaiseEventAsync(id, "go", "while suspended");
        await this.UntilAsync(async () => (await this.Client.GetOrchestrationHistoryAsync(id)).OfType<EventRaisedEvent>().Any());

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await this.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Equal(0, this.Ledger.Completions($"{key}:after-event"));

        await this.Client.ResumeInstanceAsync(id, "go on");
        OrchestrationMetadata done = await this.CompletedAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("while suspended", done.ReadOutputAs<string>());
        Assert.Equal(1, this.Ledger.Completions($"{key}:after-event"));
    }

    [Fact]
    public async Task Purge_removes_a_completed_instance_but_not_a_running_one()
    {
        string done = this.Id("purge-done");
        string running = this.Id("purge-running");
        await this.StartAsync(ConformanceTasks.Sequence, done, new SequenceInput($"{done}:", 1));
        await this.StartAsync(ConformanceTasks.TwoEvents, running);
        await this.CompletedAsync(done);
        await this.Client.WaitForInstanceStartAsync(running, this.Timeout());

        Assert.Equal(1, (await this.Client.PurgeInstanceAsync(done)).PurgedInstanceCount);
        Assert.Equal(0, (await this.Client.PurgeInstanceAsync(running)).PurgedInstanceCount);

        Assert.Null(await this.Client.GetInstanceAsync(done));
        Assert.NotNull(await this.Client.GetInstanceAsync(running));
        await this.Client.TerminateInstanceAsync(running);
    }

    [Fact]
    public async Task A_purged_id_can_be_created_again_at_once()
    {
        string id = this.Id("purge-reuse");
        await this.StartAsync(ConformanceTasks.Sequence, id, new SequenceInput($"{id}:first:", 1));
        await this.CompletedAsync(id);
        Assert.Equal(1, (await this.Client.PurgeInstanceAsync(id)).PurgedInstanceCount);

        await this.StartAsync(ConformanceTasks.Sequence, id, new SequenceInput($"{id}:second:", 1));
        await this.CompletedAsync(id);

        Assert.Single(this.Ledger.CompletedKeys($"{id}:second:"));
    }

    [Fact]
    public async Task Purge_by_filter_removes_matching_completed_instances()
    {
        DateTimeOffset from = DateTimeOffset.UtcNow.AddMinutes(-1);
        string[] ids = [this.Id("pf-0"), this.Id("pf-1")];
        foreach (string id in ids)
        {
            await this.StartAsync(ConformanceTasks.Sequence, id, new SequenceInput($"{id}:", 1));
        }

        foreach (string id in ids)
        {
            await this.CompletedAsync(id);
        }

        string running = this.Id("pf-running");
        await this.StartAsync(ConformanceTasks.TwoEvents, running);
        await this.Client.WaitForInstanceStartAsync(running, this.Timeout());

        // Running is named too: live instances are never purged.
        PurgeResult result = await this.Client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(from, DateTimeOffset.UtcNow.AddMinutes(1), [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Running]));

        Assert.True(result.PurgedInstanceCount >= 2, $"purged {result.PurgedInstanceCount}");
        foreach (string id in ids)
        {
            Assert.Null(await this.Client.GetInstanceAsync(id));
        }

        Assert.NotNull(await this.Client.GetInstanceAsync(running));
        await this.Client.TerminateInstanceAsync(running);
    }

    [Fact]
    public async Task Query_filters_by_status_created_time_and_prefix_with_paging()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow.AddMinutes(-1);
        string prefix = this.Id("q");
        List<string> completed = [];
        for (int i = 0; i < 5; i++)
        {
            string id = $"{prefix}-done-{i}";
            completed.Add(id);
            await this.StartAsync(ConformanceTasks.Sequence, id, new SequenceInput($"{id}:", 1));
        }

        string waiting = $"{prefix}-waiting";
        await this.StartAsync(ConformanceTasks.TwoEvents, waiting);
        foreach (string id in completed)
        {
            await this.CompletedAsync(id);
        }

        await this.Client.WaitForInstanceStartAsync(waiting, this.Timeout());

        List<string> pagedIds = [];
        int pages = 0;
        string? continuation = null;
        do
        {
            OrchestrationQuery query = new(
                CreatedFrom: before,
                Statuses: [OrchestrationRuntimeStatus.Completed],
                InstanceIdPrefix: prefix,
                PageSize: 2,
                ContinuationToken: continuation);
            Page<OrchestrationMetadata>? page = await FirstAsync(this.Client.GetAllInstancesAsync(query).AsPages(continuation, 2));
            Assert.NotNull(page);
            Assert.True(page.Values.Count <= 2);
            pagedIds.AddRange(page.Values.Select(m => m.InstanceId));
            continuation = page.ContinuationToken;
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.Equal(completed.Order(StringComparer.Ordinal), pagedIds.Order(StringComparer.Ordinal));
        Assert.True(pages >= 3, $"expected at least 3 pages of 2, got {pages}");

        List<OrchestrationMetadata> running = await ListAsync(this.Client.GetAllInstancesAsync(
            new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Running], InstanceIdPrefix: prefix)));
        Assert.Equal([waiting], running.Select(m => m.InstanceId));

        List<OrchestrationMetadata> future = await ListAsync(this.Client.GetAllInstancesAsync(
            new OrchestrationQuery(CreatedFrom: DateTimeOffset.UtcNow.AddMinutes(5), InstanceIdPrefix: prefix)));
        Assert.Empty(future);

        await this.Client.TerminateInstanceAsync(waiting);
    }

    [Fact]
    public async Task Scheduling_an_existing_id_is_refused_in_every_status_and_never_runs_twice()
    {
        string pending = this.Id("dup-pending");
        string running = this.Id("dup-running");
        string completed = this.Id("dup-completed");
        string failed = this.Id("dup-failed");
        string terminated = this.Id("dup-terminated");

        await this.Client.ScheduleNewOrchestrationInstanceAsync(
            ConformanceTasks.WaitForEvent, new KeyedInput($"{pending}:k", "v"), new StartOrchestrationOptions(pending, DateTimeOffset.UtcNow.AddHours(1)));
        await this.StartAsync(ConformanceTasks.WaitForEvent, running, new KeyedInput($"{running}:k", "v"));
        await this.StartAsync(ConformanceTasks.Sequence, completed, new SequenceInput($"{completed}:", 1));
        await this.StartAsync(ConformanceTasks.Fails, failed, new KeyedInput($"{failed}:k", "v"));
        await this.StartAsync(ConformanceTasks.WaitForEvent, terminated, new KeyedInput($"{terminated}:k", "v"));

        await this.UntilAsync(() => Task.FromResult(this.Ledger.Completions($"{running}:k:started") == 1));
        await this.CompletedAsync(completed);
        await this.CompletedAsync(failed);
        await this.UntilAsync(() => Task.FromResult(this.Ledger.Completions($"{terminated}:k:started") == 1));
        await this.Client.TerminateInstanceAsync(terminated);
        await this.CompletedAsync(terminated);

        Dictionary<string, OrchestrationRuntimeStatus> expected = new()
        {
            [pending] = OrchestrationRuntimeStatus.Pending,
            [running] = OrchestrationRuntimeStatus.Running,
            [completed] = OrchestrationRuntimeStatus.Completed,
            [failed] = OrchestrationRuntimeStatus.Failed,
            [terminated] = OrchestrationRuntimeStatus.Terminated,
        };
        foreach ((string id, OrchestrationRuntimeStatus status) in expected)
        {
            Assert.Equal(status, (await this.Client.GetInstanceAsync(id))!.RuntimeStatus);
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
                this.Client.ScheduleNewOrchestrationInstanceAsync(ConformanceTasks.Sequence, new SequenceInput($"{id}:second:", 1), new StartOrchestrationOptions(id)));
        }

        // Let a would-be second run show itself: raise the event the running one waits for.
        await this.Client.RaiseEventAsync(running, "go", "once");
        await this.CompletedAsync(running);
        foreach ((string id, OrchestrationRuntimeStatus status) in expected)
        {
            Assert.Empty(this.Ledger.CompletedKeys($"{id}:second:"));
            if (status != OrchestrationRuntimeStatus.Pending)
            {
                Assert.Single((await this.Client.GetOrchestrationHistoryAsync(id)).OfType<ExecutionStartedEvent>());
            }
        }

        Assert.Equal(1, this.Ledger.Completions($"{running}:k:started"));
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await this.Client.GetInstanceAsync(pending))!.RuntimeStatus);
        Assert.Equal(0, this.Ledger.Completions($"{pending}:k:started"));
        await this.Client.TerminateInstanceAsync(pending);
    }

    [Fact]
    public async Task Concurrent_schedules_of_one_id_start_exactly_one_run()
    {
        string id = this.Id("dup-race");
        Task<string>[] attempts = Enumerable.Range(0, 6)
            .Select(i => Task.Run(() => this.Client.ScheduleNewOrchestrationInstanceAsync(
                ConformanceTasks.Sequence, new SequenceInput($"{id}:attempt{i}:", 1), new StartOrchestrationOptions(id))))
            .ToArray();
        try
        {
            await Task.WhenAll(attempts);
        }
        catch (InvalidOperationException)
        {
            // The refusals; counted below.
        }

        await this.CompletedAsync(id);

        // Every backend tells exactly one caller that it created the instance and refuses the
        // other five (Azure Storage through its creation claims).
        Assert.Equal(1, attempts.Count(a => a.IsCompletedSuccessfully));
        Assert.All(attempts.Where(a => !a.IsCompletedSuccessfully), a => Assert.IsAssignableFrom<InvalidOperationException>(a.Exception?.InnerException));
        Assert.Single(this.Ledger.CompletedKeys($"{id}:attempt"));
        Assert.Single((await this.Client.GetOrchestrationHistoryAsync(id)).OfType<ExecutionStartedEvent>());
    }

    [Fact]
    public async Task Two_megabyte_activity_result_round_trips_intact()
    {
        string id = this.Id("large");
        const int size = 2 * 1024 * 1024;
        await this.StartAsync(ConformanceTasks.Large, id, new KeyedInput($"{id}:", "seed", size));

        OrchestrationMetadata done = await this.CompletedAsync(id);

        string result = Assert.Single(done.ReadOutputAs<List<string>>()!);
        Assert.Equal(LargeTextActivity.LargeText("seed0", size), result);
    }

    [Fact]
    public async Task History_over_one_mebibyte_is_returned_complete()
    {
        string id = this.Id("big-history");
        const int each = 100 * 1024;
        await this.StartAsync(ConformanceTasks.Large, id, new KeyedInput($"{id}:", "h", each));
        await this.CompletedAsync(id);

        IList<HistoryEvent> history = await this.Client.GetOrchestrationHistoryAsync(id);

        List<TaskCompletedEvent> completions = history.OfType<TaskCompletedEvent>().ToList();
        Assert.Equal(12, completions.Count);
        Assert.True(completions.Sum(c => c.Result!.Length) > 1024 * 1024);
        for (int i = 0; i < 12; i++)
        {
            Assert.Contains(completions, c => c.Result == System.Text.Json.JsonSerializer.Serialize(LargeTextActivity.LargeText($"h{i}", each)));
        }
    }

    [Fact]
    public async Task Orchestration_of_a_newer_version_fails_with_VersionMismatch_and_an_older_one_runs()
    {
        string newer = this.Id("v-newer");
        string older = this.Id("v-older");
        await this.Client.ScheduleNewOrchestrationInstanceAsync(
            ConformanceTasks.Sequence, new SequenceInput($"{newer}:", 1), new StartOrchestrationOptions(newer) { Version = "3.0" });
        await this.Client.ScheduleNewOrchestrationInstanceAsync(
            ConformanceTasks.Sequence, new SequenceInput($"{older}:", 1), new StartOrchestrationOptions(older) { Version = "1.0" });

        OrchestrationMetadata failed = await this.CompletedAsync(newer);
        OrchestrationMetadata ran = await this.CompletedAsync(older);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("VersionMismatch", failed.FailureDetails?.ErrorType);
        Assert.Empty(this.Ledger.CompletedKeys($"{newer}:"));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, ran.RuntimeStatus);
        Assert.Single(this.Ledger.CompletedKeys($"{older}:"));
    }

    [Fact]
    public async Task Failed_orchestration_reports_structured_failure_details()
    {
        string id = this.Id("fails");
        await this.StartAsync(ConformanceTasks.Fails, id, new KeyedInput($"{id}:k", "bad input"));

        OrchestrationMetadata done = await this.CompletedAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Contains("boom: bad input", done.FailureDetails!.ToString(), StringComparison.Ordinal);
        DurableHistoryEvent failedTask = Assert.Single(HistoryEventMapper.Map(await this.Client.GetOrchestrationHistoryAsync(id)), e => e.Type == "taskFailed");
        Assert.Equal(typeof(InvalidOperationException).FullName, failedTask.Failure?.ErrorType);
        Assert.Equal("boom: bad input", failedTask.Failure?.ErrorMessage);
    }

    [Fact]
    public async Task History_records_every_step_with_names_inputs_outputs_and_payloads()
    {
        string id = this.Id("everything");
        await this.StartAsync(ConformanceTasks.Everything, id, new KeyedInput($"{id}:k", "hello"));
        await this.UntilAsync(async () => (await this.Client.GetOrchestrationHistoryAsync(id)).OfType<TimerFiredEvent>().Any());
        await this.Client.RaiseEventAsync(id, "note", "the note");

        OrchestrationMetadata done = await this.CompletedAsync(id);
        Assert.Equal($"HELLO|the note|{ConformanceTasks.Everything}|{typeof(InvalidOperationException).FullName}", done.ReadOutputAs<string>());

        IReadOnlyList<DurableHistoryEvent> audit = HistoryEventMapper.Map(await this.Client.GetOrchestrationHistoryAsync(id));
        List<string> milestones = audit.Select(e => e.Type).Where(t => t is not ("orchestratorStarted" or "orchestratorCompleted")).ToList();
        Assert.Equal(
            [
                "executionStarted", "taskScheduled", "taskCompleted", "timerCreated", "timerFired", "eventRaised",
                "subOrchestrationInstanceCreated", "subOrchestrationInstanceCompleted", "taskScheduled", "taskFailed", "executionCompleted",
            ],
            milestones);
        Assert.Equal(Enumerable.Range(0, audit.Count), audit.Select(e => e.Sequence));

        DurableHistoryEvent started = audit.Single(e => e.Type == "executionStarted");
        Assert.Equal(ConformanceTasks.Everything, started.Name);
        Assert.Equal("hello", started.Input?["Value"]?.GetValue<string>());
        DurableHistoryEvent scheduled = audit.First(e => e.Type == "taskScheduled");
        Assert.Equal(ConformanceTasks.RecordActivityName, scheduled.Name);
        Assert.Equal($"{id}:k", scheduled.Input?["Key"]?.GetValue<string>());
        Assert.Equal("x", audit.Single(e => e.Type == "subOrchestrationInstanceCreated").Input?.GetValue<string>());
        Assert.Equal("HELLO", audit.Single(e => e.Type == "taskCompleted").Output?.GetValue<string>());
        Assert.Equal(scheduled.EventId, audit.Single(e => e.Type == "taskCompleted").TaskScheduledId);
        DurableHistoryEvent raised = audit.Single(e => e.Type == "eventRaised");
        Assert.Equal("note", raised.Name);
        Assert.Equal("the note", raised.Payload?.GetValue<string>());
        Assert.Equal($"{id}-child", audit.Single(e => e.Type == "subOrchestrationInstanceCreated").InstanceId);
        Assert.NotNull(audit.Single(e => e.Type == "timerFired").FireAt);
        Assert.Equal("boom: hello", audit.Single(e => e.Type == "taskFailed").Failure?.ErrorMessage);
        DurableHistoryEvent completed = audit.Single(e => e.Type == "executionCompleted");
        Assert.Equal("Completed", completed.Status);
        Assert.Equal(done.ReadOutputAs<string>(), completed.Output?.GetValue<string>());

        using StringWriter lines = new();
        await DurableHistoryJson.WriteJsonLinesAsync(audit, lines);
        IReadOnlyList<DurableHistoryEvent> reread = DurableHistoryJson.ReadJsonLines(lines.ToString());
        Assert.Equal(audit.Count, reread.Count);
        Assert.Equal(audit.Select(DurableHistoryJson.ToJsonLine), reread.Select(DurableHistoryJson.ToJsonLine));
    }

    protected static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        List<T> list = [];
        await foreach (T item in items)
        {
            list.Add(item);
        }

        return list;
    }

    protected static async Task<T?> FirstAsync<T>(IAsyncEnumerable<T> items)
    {
        await foreach (T item in items)
        {
            return item;
        }

        return default;
    }

    protected string Id(string name) => $"{this.Prefix}-{name}";

    protected CancellationToken Timeout() => new CancellationTokenSource(Patience).Token;

    protected Task<string> StartAsync(string orchestrator, string instanceId, object? input = null) =>
        this.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));

    protected async Task<OrchestrationMetadata> CompletedAsync(string instanceId)
    {
        using CancellationTokenSource timeout = new(Patience);
        try
        {
            return await this.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            OrchestrationMetadata? now = await this.Client.GetInstanceAsync(instanceId);
            throw new TimeoutException($"{instanceId} on {this.Fixture.BackendName} did not complete within {Patience}; status {now?.RuntimeStatus}.");
        }
    }

    /// <summary>Polls a condition (25 ms apart) until it holds or the patience runs out.</summary>
    protected async Task UntilAsync(Func<Task<bool>> condition)
    {
        using CancellationTokenSource timeout = new(Patience);
        while (!await condition())
        {
            try
            {
                await Task.Delay(25, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"A condition did not hold within {Patience} on {this.Fixture.BackendName}.");
            }
        }
    }
}
