using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Cancellation;
using ScriptHarness.Activities.DurableActivities;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Cancellation;
using ScriptHarness.Orchestrations.Hosting;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Tools;
using ScriptHarness.Tests.Orchestrations.Hosting;

namespace ScriptHarness.Tests.Orchestrations.Cancellation;

/// <summary>How a running tool call reads its run's custom status to learn that it was cancelled on another worker.</summary>
public class RunStatusCancellationWatcherTests
{
    private const string Run = "sh-0123456789abcdef0123-b0";

    private static readonly ToolInvocation Call3 = new(RunIds.IdempotencyKey(Run, 3), 3, "/", JsonDocument.Parse("{}").RootElement.Clone());

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_call_listed_as_cancelling_in_its_run_status_is_cancelled()
    {
        StatusClient client = new(n => n < 3 ? StatusClient.Running(Run, 7) : StatusClient.Running(Run, 2, 3));
        TaskCompletionSource cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        RunStatusCancellationWatcher watcher = Watcher(client);

        await using (watcher.Watch(Run, Call3, () => cancelled.TrySetResult()))
        {
            await cancelled.Task.WaitAsync(Patience);
        }

        Assert.True(client.Reads >= 3);
    }

    [Fact]
    public async Task Polling_stops_when_the_call_ends()
    {
        StatusClient client = new(_ => StatusClient.Running(Run, 1, 2));
        bool cancelled = false;
        RunStatusCancellationWatcher watcher = Watcher(client);
        IAsyncDisposable watch = watcher.Watch(Run, Call3, () => cancelled = true);
        await client.WhenReadAsync(2);

        await watch.DisposeAsync();

        // With no call left the loop ends; reads start only from the loop, so none can follow.
        await watcher.Loop.WaitAsync(Patience);
        Assert.False(cancelled);
    }

    [Fact]
    public async Task A_call_that_ends_within_the_grace_period_never_reads_the_status()
    {
        StatusClient client = new(_ => StatusClient.Running(Run, 3));
        bool cancelled = false;
        RunStatusCancellationWatcher watcher = Watcher(client, grace: TimeSpan.FromHours(1));
        IAsyncDisposable watch = watcher.Watch(Run, Call3, () => cancelled = true);
        await WaitForAsync(() => watcher.Ticks >= 3);

        await watch.DisposeAsync();
        await watcher.Loop.WaitAsync(Patience);

        Assert.Equal(0, client.Reads);
        Assert.False(cancelled);
    }

    [Fact]
    public async Task One_read_of_a_run_serves_all_of_its_calls_on_the_worker()
    {
        TaskCompletionSource firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        StatusClient client = new(
            n => n == 1 ? StatusClient.Running(Run) : StatusClient.Running(Run, [.. Enumerable.Range(1, 8)]),
            n => n == 1 ? firstRead.Task : Task.CompletedTask);
        RunStatusCancellationWatcher watcher = Watcher(client);
        TaskCompletionSource[] cancelled = [.. Enumerable.Range(0, 8).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        List<IAsyncDisposable> watches = [watcher.Watch(Run, CallOf(1), () => cancelled[0].TrySetResult())];
        await client.WhenReadAsync(1);

        // Calls 2..8 start while the run's first read is still out: the next read covers them all.
        for (int seq = 2; seq <= 8; seq++)
        {
            int index = seq - 1;
            watches.Add(watcher.Watch(Run, CallOf(seq), () => cancelled[index].TrySetResult()));
        }

        firstRead.SetResult();
        await Task.WhenAll(cancelled.Select(c => c.Task)).WaitAsync(Patience);

        Assert.Equal(2, client.Reads);
        foreach (IAsyncDisposable watch in watches)
        {
            await watch.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_failing_status_read_is_retried_until_the_cancel_is_seen()
    {
        StatusClient client = new(n => n <= 3 ? throw new InvalidOperationException("store unavailable") : StatusClient.Running(Run, 3));
        TaskCompletionSource cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (Watcher(client).Watch(Run, Call3, () => cancelled.TrySetResult()))
        {
            await cancelled.Task.WaitAsync(Patience);
        }

        Assert.True(client.Reads >= 4);
    }

    [Fact]
    public async Task A_failing_client_does_not_fail_the_call()
    {
        StatusClient client = new(_ => throw new TimeoutException("the store timed out"));
        DelegateTool tool = new(
            new ToolDescriptor("slow", "Returns after the status was read a few times.", JsonDocument.Parse("{\"type\":\"object\"}").RootElement.Clone()),
            async (_, ct) =>
            {
                await client.WhenReadAsync(3);
                return JsonSerializer.SerializeToElement(new { done = !ct.IsCancellationRequested });
            });
        ToolActivity activity = new(tool, new ToolCancellation(), Watcher(client));

        JsonElement result = await activity.RunAsync(new ActivityContext("slow", Run), Call3);

        Assert.True(result.GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task A_call_of_a_run_that_has_finished_is_cancelled()
    {
        StatusClient client = new(_ => StatusClient.Finished(Run, OrchestrationRuntimeStatus.Terminated));
        TaskCompletionSource cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        await using (Watcher(client).Watch(Run, Call3, () => cancelled.TrySetResult()))
        {
            await cancelled.Task.WaitAsync(Patience);
        }
    }

    [Fact]
    public async Task A_call_that_is_not_a_script_runs_own_or_with_polling_off_is_not_watched()
    {
        StatusClient client = new(_ => StatusClient.Running(Run, 3));
        RunStatusCancellationWatcher watcher = Watcher(client);
        RunStatusCancellationWatcher off = Watcher(client, interval: TimeSpan.Zero);

        await using IAsyncDisposable foreign = watcher.Watch(Run, Call3 with { IdempotencyKey = "someone-else:3" }, () => { });
        await using IAsyncDisposable unwatched = off.Watch(Run, Call3, () => { });

        Assert.True(watcher.Loop.IsCompleted);
        Assert.True(off.Loop.IsCompleted);
        Assert.Equal(0, client.Reads);
    }

    private static ToolInvocation CallOf(int seq) => Call3 with { IdempotencyKey = RunIds.IdempotencyKey(Run, seq), CallId = seq };

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using CancellationTokenSource timeout = new(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static RunStatusCancellationWatcher Watcher(DurableTaskClient client, TimeSpan? grace = null, TimeSpan? interval = null) =>
        new(
            client,
            Microsoft.Extensions.Options.Options.Create(new OrchestrationsOptions
            {
                CancellationGrace = grace ?? TimeSpan.Zero,
                CancellationPollInterval = interval ?? TimeSpan.FromMilliseconds(10),
            }),
            NullLogger<RunStatusCancellationWatcher>.Instance,
            TimeProvider.System);

    private sealed class ActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name => new(name);

        public override string InstanceId => instanceId;
    }
}
