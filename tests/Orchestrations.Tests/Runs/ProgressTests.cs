using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

[Collection(HarnessCollection.Name)]
public class ProgressTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task F10_emitProgress_shows_in_the_status_and_messages_within_the_minimum_interval_are_dropped()
    {
        string id = await this.StartAsync("""
            context.emitProgress('step 1 of 2: waiting for approval');
            context.emitProgress('dropped: same orchestration instant as the one before');
            await tools.record({ what: 'x' });
            return 'done';
            """);

        RunStatus waiting = await this.WaitForPendingAsync(id, 1);
        Assert.Equal("step 1 of 2: waiting for approval", waiting.LastProgress);

        await this.Runs.DecideAsync(id, 1, Approve());
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
    }
}

public class ProgressTrackerTests
{
    [Fact]
    public void F26_progress_is_rate_limited_by_interval_and_count_and_long_messages_are_cut()
    {
        DateTime now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        ProgressTracker tracker = new(
            new ProgressOptions { MinInterval = TimeSpan.FromSeconds(1), MaxMessages = 2, MaxMessageLength = 5 },
            () => now);

        tracker.Offer("first");
        tracker.Offer("too soon");
        Assert.Equal("first", tracker.Last);

        now = now.AddSeconds(1);
        tracker.Offer("second message");
        Assert.Equal("secon…", tracker.Last);

        now = now.AddSeconds(10);
        tracker.Offer("over the count");
        Assert.Equal("secon…", tracker.Last);
        Assert.Equal(2, tracker.Accepted);
    }
}
