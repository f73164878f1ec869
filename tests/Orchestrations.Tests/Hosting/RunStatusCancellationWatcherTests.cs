using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Durable;
using ScriptHarness.Activities.Registry;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Orchestrations.Configuration;
using ScriptHarness.Orchestrations.Hosting;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.Orchestrations.Hosting;

/// <summary>How a running tool call reads its run's custom status to learn that it was cancelled on another worker.</summary>
public class RunStatusCancellationWatcherTests
{
    private const string Run = "sh-0123456789abcdef0123-b0";

    private static readonly ToolInvocation Call3 = new(RunIds.IdempotencyKey(Run, 3), 3, "/", JsonDocument.Parse("{}").RootElement.Clone());

    [Fact]
    public async Task A_call_listed_as_cancelling_in_its_run_status_is_cancelled()
    {
        StatusClient client = new(n => n < 3 ? StatusClient.Running(Run, 7) : StatusClient.Running(Run, 2, 3));
        TaskCompletionSource cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        await using IAsyncDisposable watch = Watcher(client).Watch(Run, Call3, () => cancelled.TrySetResult());

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(client.Reads >= 3);
        await ((RunStatusCancellationWatcher.Subscription)watch).Completion.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Polling_stops_when_the_call_ends()
    {
        StatusClient client = new(_ => StatusClient.Running(Run, 1, 2));
        bool cancelled = false;
        IAsyncDisposable watch = Watcher(client).Watch(Run, Call3, () => cancelled = true);
        await client.WhenReadAsync(2);

        await watch.DisposeAsync();

        // Dispose awaits the poll loop: it has ended, so no read can follow.
        Assert.True(((RunStatusCancellationWatcher.Subscription)watch).Completion.IsCompletedSuccessfully);
        Assert.False(cancelled);
    }

    [Fact]
    public async Task A_call_that_ends_within_the_grace_period_never_reads_the_status()
    {
        StatusClient client = new(_ => StatusClient.Running(Run, 3));
        bool cancelled = false;
        IAsyncDisposable watch = Watcher(client, grace: TimeSpan.FromHours(1)).Watch(Run, Call3, () => cancelled = true);

        await watch.DisposeAsync();

        Assert.Equal(0, client.Reads);
        Assert.False(cancelled);
    }

    [Fact]
    public async Task A_failing_status_read_is_retried_until_the_cancel_is_seen()
    {
        StatusClient client = new(n => n <= 3 ? throw new InvalidOperationException("store unavailable") : StatusClient.Running(Run, 3));
        TaskCompletionSource cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        await using IAsyncDisposable watch = Watcher(client).Watch(Run, Call3, () => cancelled.TrySetResult());

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(60));
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

        await using IAsyncDisposable watch = Watcher(client).Watch(Run, Call3, () => cancelled.TrySetResult());

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_call_that_is_not_a_script_runs_own_is_not_watched()
    {
        StatusClient client = new(_ => StatusClient.Running(Run, 3));
        ToolInvocation foreign = Call3 with { IdempotencyKey = "someone-else:3" };

        IAsyncDisposable watch = Watcher(client).Watch(Run, foreign, () => { });
        IAsyncDisposable off = Watcher(client, interval: TimeSpan.Zero).Watch(Run, Call3, () => { });

        Assert.True(((RunStatusCancellationWatcher.Subscription)watch).Completion.IsCompleted);
        Assert.True(((RunStatusCancellationWatcher.Subscription)off).Completion.IsCompleted);
        await watch.DisposeAsync();
        Assert.Equal(0, client.Reads);
    }

    private static RunStatusCancellationWatcher Watcher(DurableTaskClient client, TimeSpan? grace = null, TimeSpan? interval = null) =>
        new(
            client,
            Options.Create(new OrchestrationsOptions
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
