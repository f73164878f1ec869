using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Runs;

/// <summary>
/// A cancel that lands on another worker than the call (the in-process side channel misses it)
/// still stops the call, through the run's custom status.
/// </summary>
public abstract class RemoteCancellationTests(RemoteCancellationFixture fixture) : HarnessTestBase(fixture)
{
    private new RemoteCancellationFixture Fixture => (RemoteCancellationFixture)base.Fixture;

    [Fact]
    public async Task A_race_loser_running_on_another_worker_is_stopped_through_the_run_status()
    {
        string gate = $"race-{Guid.NewGuid():N}";
        string id = await this.StartAsync($$"""
            const slow = tools.wait({ gate: '{{gate}}' });
            const fast = tools.add({ a: 2, b: 3 });
            const first = await Promise.race([slow, fast]);
            return first.sum;
            """);

        RunView done = await this.WaitForEndAsync(id);

        // The gate is never released: the run could only end because the call saw its cancel.
        Assert.True(this.Fixture.Gates.WasCancelled(gate));
        Assert.True(this.Fixture.OtherWorkersChannel.IsCancellationRequested(RunIds.IdempotencyKey(id, 1)));
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal(5, done.Output.Report.Result!.Value.GetDouble());
        Assert.Equal([ToolCallStatus.Cancelled, ToolCallStatus.Ok], done.Output.Report.Calls.Select(c => c.Status));
        AssertEveryCallReported(done, this.Fixture.Ledger.For(id).Select(c => c.Invocation.CallId));
        Assert.Empty(done.Status?.Cancelling ?? []);
    }

    [Fact]
    public async Task A_graceful_termination_stops_a_call_running_on_another_worker_through_the_run_status()
    {
        string gate = $"terminate-{Guid.NewGuid():N}";
        string id = await this.StartAsync($$"""
            await tools.wait({ gate: '{{gate}}' });
            return 'unreachable';
            """);
        await this.Fixture.Gates.WhenEnteredAsync(gate);

        await this.Runs.TerminateAsync(id, new TerminateRequest("stop from another machine", "frank"));
        RunView done = await this.WaitForEndAsync(id);

        Assert.True(this.Fixture.Gates.WasCancelled(gate));
        Assert.True(this.Fixture.OtherWorkersChannel.IsCancellationRequested(RunIds.IdempotencyKey(id, 1)));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(ScriptRunStatus.Cancelled, done.Output!.Report.Status);
        Assert.Equal("frank", done.Output.TerminatedBy);
        Assert.Equal([ToolCallStatus.Cancelled], done.Output.Report.Calls.Select(c => c.Status));
        AssertEveryCallReported(done, this.Fixture.Ledger.For(id).Select(c => c.Invocation.CallId));
    }

    private static void AssertEveryCallReported(RunView done, IEnumerable<int> started)
    {
        int[] reported = [.. done.Output!.Report.Calls.Select(c => c.Id)];
        Assert.All(started, seq => Assert.Contains(seq, reported));
        Assert.Equal(done.Output.Report.Calls.Count, reported.Distinct().Count());
    }
}

[Collection(RemoteCancellationCollection.Name)]
public sealed class InMemoryRemoteCancellationTests(RemoteCancellationFixture fixture) : RemoteCancellationTests(fixture);

[Collection(SqliteRemoteCancellationCollection.Name)]
public sealed class SqliteRemoteCancellationTests(SqliteRemoteCancellationFixture fixture) : RemoteCancellationTests(fixture);
