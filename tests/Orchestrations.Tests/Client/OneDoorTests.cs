using Microsoft.DurableTask.Client;
using ScriptHarness.Durable.History;
using ScriptHarness.Orchestrations.Events;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Client;

/// <summary>
/// What the Host reads and changes through <see cref="ScriptRunClient"/> alone: a turn's run ids,
/// the list of runs, the typed audit history, suspend and resume, purge of a turn with its runs.
/// </summary>
[Collection(HarnessCollection.Name)]
public class OneDoorTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task A_finished_turn_is_found_listed_audited_and_purged_with_its_runs_through_the_client()
    {
        TurnStart started = await this.Runs.StartTurnAsync(this.TurnIn("await tools.add({ a: 1, b: 2 }); return 1;", "return 2;"));
        foreach (string runId in started.RunInstanceIds)
        {
            await this.WaitForEndAsync(runId);
        }

        await this.Runs.WaitForRunAsync(started.TurnInstanceId);

        Assert.Equal(started.RunInstanceIds, await this.Runs.GetTurnRunIdsAsync(started.TurnInstanceId));
        Assert.Null(await this.Runs.GetTurnRunIdsAsync(started.RunInstanceIds[0]));
        Assert.Null(await this.Runs.GetTurnRunIdsAsync("sh-no-such-turn"));

        HashSet<string> listed = [];
        string? continuation = null;
        do
        {
            RunListPage page = await this.Runs.ListRunsAsync(new RunListQuery { Statuses = [OrchestrationRuntimeStatus.Completed] }, pageSize: 50, continuation);
            Assert.All(page.Items, item => Assert.Equal(OrchestrationRuntimeStatus.Completed, item.RuntimeStatus));
            listed.UnionWith(page.Items.Select(item => item.InstanceId));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        Assert.Superset(new HashSet<string>([started.TurnInstanceId, .. started.RunInstanceIds]), listed);

        IReadOnlyList<DurableHistoryEvent> history = await this.Runs.GetHistoryAsync(started.RunInstanceIds[0]);
        DurableHistoryEvent add = Assert.Single(history, e => e.Type == "taskScheduled" && e.Name == "add");
        Assert.Contains(history, e => e.Type == "taskCompleted" && e.TaskScheduledId == add.EventId);

        Assert.Equal(3, await this.Runs.PurgeAsync(started.TurnInstanceId));

        Assert.Null(await this.Runs.GetRunAsync(started.TurnInstanceId));
        Assert.Null(await this.Runs.GetRunAsync(started.RunInstanceIds[1]));
        ScriptRunClientException gone = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.GetHistoryAsync(started.RunInstanceIds[0]));
        Assert.Equal(ClientErrorCode.NotFound, gone.Code);
    }

    [Fact]
    public async Task A_waiting_run_is_suspended_and_resumed_through_the_client_and_unknown_ids_are_not_found()
    {
        string id = await this.StartAsync("await tools.record({ what: 'x' }); return 'done';");
        await this.WaitForPendingAsync(id, 1);

        await this.Runs.SuspendAsync(id, "test");
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, await this.StatusEventuallyAsync(id, OrchestrationRuntimeStatus.Suspended));
        await this.Runs.ResumeAsync(id, "test");
        Assert.Equal(OrchestrationRuntimeStatus.Running, await this.StatusEventuallyAsync(id, OrchestrationRuntimeStatus.Running));

        Assert.Equal(ClientErrorCode.NotFound, (await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.SuspendAsync("sh-no-such-run"))).Code);
        Assert.Equal(ClientErrorCode.NotFound, (await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.PurgeAsync("sh-no-such-run"))).Code);
        await this.Runs.TerminateAsync(id, new TerminateRequest("test over", "test"));
    }

    private async Task<OrchestrationRuntimeStatus> StatusEventuallyAsync(string id, OrchestrationRuntimeStatus wanted)
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        while (true)
        {
            RunView view = (await this.Runs.GetRunAsync(id, timeout.Token))!;
            if (view.RuntimeStatus == wanted)
            {
                return view.RuntimeStatus;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
