using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.Orchestrations.Turns;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Client;

/// <summary>
/// The list a person uses to find what needs them: newest first on every backend, each run's
/// phase and conversation, filters by status, phase, conversation and creation time, paging
/// that neither skips nor repeats.
/// </summary>
/// <remarks>Run on the in-memory backend (filtered in the client) and, as <c>OnSqlite.SqliteRunListTests</c>, on SQLite (filtered and ordered by the store's indexes).</remarks>
[Collection(HarnessCollection.Name)]
public class RunListTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task Runs_are_listed_newest_first_with_phase_and_conversation_and_filter_by_what_needs_a_human()
    {
        string conversation = $"conv-{Guid.NewGuid():N}";
        string other = $"conv-{Guid.NewGuid():N}";
        TurnStart waiting = await this.Runs.StartTurnAsync(this.TurnIn("await tools.record({ what: 'x' }); return 'done';") with { ConversationId = conversation, TurnId = "t1" });
        await this.WaitForPendingAsync(waiting.RunInstanceIds[0], 1);
        TurnStart elsewhere = await this.Runs.StartTurnAsync(this.TurnIn("return 1;") with { ConversationId = other, TurnId = "t1" });
        await this.WaitForEndAsync(elsewhere.RunInstanceIds[0]);
        TurnStart later = await this.Runs.StartTurnAsync(this.TurnIn("return 2;") with { ConversationId = conversation, TurnId = "t2" });
        await this.WaitForEndAsync(later.RunInstanceIds[0]);

        // Every page of one, newest first, none skipped or repeated.
        List<RunListItem> all = await this.ListAllAsync(new RunListQuery(), pageSize: 1);
        Assert.Equal(all.Count, all.Select(i => i.InstanceId).Distinct().Count());
        Assert.True(
            all.Zip(all.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt),
            "not newest first: " + string.Join(", ", all.Select(i => $"{i.InstanceId}@{i.CreatedAt:O}")));
        int Position(string id) => all.FindIndex(i => i.InstanceId == id);
        Assert.True(Position(later.RunInstanceIds[0]) < Position(elsewhere.RunInstanceIds[0]));
        Assert.True(Position(elsewhere.RunInstanceIds[0]) < Position(waiting.RunInstanceIds[0]));

        RunListItem waitingRun = all.Single(i => i.InstanceId == waiting.RunInstanceIds[0]);
        Assert.Equal(RunPhase.AwaitingApproval, waitingRun.Phase);
        Assert.Equal(conversation, waitingRun.ConversationId);
        Assert.Equal(other, all.Single(i => i.InstanceId == elsewhere.TurnInstanceId).ConversationId);
        Assert.Null(all.Single(i => i.InstanceId == later.RunInstanceIds[0]).Phase);

        List<RunListItem> needHuman = await this.ListAllAsync(new RunListQuery { Phase = RunPhase.AwaitingApproval });
        Assert.Contains(needHuman, i => i.InstanceId == waiting.RunInstanceIds[0]);
        Assert.All(needHuman, i => Assert.Equal(RunPhase.AwaitingApproval, i.Phase));

        List<RunListItem> ofConversation = await this.ListAllAsync(new RunListQuery { ConversationId = conversation });
        Assert.Equal(
            new[] { later.RunInstanceIds[0], later.TurnInstanceId, waiting.RunInstanceIds[0], waiting.TurnInstanceId }.Order(),
            ofConversation.Select(i => i.InstanceId).Order());
        Assert.All(ofConversation, i => Assert.Equal(conversation, i.ConversationId));

        List<RunListItem> finishedOfConversation = await this.ListAllAsync(new RunListQuery { ConversationId = conversation, Statuses = [OrchestrationRuntimeStatus.Completed] });
        Assert.DoesNotContain(finishedOfConversation, i => i.InstanceId == waiting.RunInstanceIds[0]);
        Assert.Contains(finishedOfConversation, i => i.InstanceId == later.RunInstanceIds[0]);

        DateTimeOffset since = all.Single(i => i.InstanceId == elsewhere.TurnInstanceId).CreatedAt;
        List<RunListItem> recent = await this.ListAllAsync(new RunListQuery { CreatedFrom = since });
        Assert.Contains(recent, i => i.InstanceId == later.RunInstanceIds[0]);
        Assert.DoesNotContain(recent, i => i.InstanceId == waiting.TurnInstanceId);
        Assert.All(recent, i => Assert.True(i.CreatedAt >= since));

        await this.Runs.DecideAsync(waiting.RunInstanceIds[0], 1, Approve());
        await this.WaitForEndAsync(waiting.RunInstanceIds[0]);
    }

    [Fact]
    public async Task Runs_awaiting_approval_in_one_conversation_page_newest_first_without_skipping_or_repeating()
    {
        string conversation = $"conv-{Guid.NewGuid():N}";
        List<string> waiting = [];
        for (int i = 0; i < 5; i++)
        {
            TurnStart started = await this.Runs.StartTurnAsync(this.TurnIn("await tools.record({ what: 'x' }); return 'done';") with { ConversationId = conversation, TurnId = $"t{i}" });
            await this.WaitForPendingAsync(started.RunInstanceIds[0], 1);
            waiting.Add(started.RunInstanceIds[0]);
        }

        TurnStart finished = await this.Runs.StartTurnAsync(this.TurnIn("return 1;") with { ConversationId = conversation, TurnId = "t-done" });
        await this.WaitForEndAsync(finished.RunInstanceIds[0]);

        RunListQuery needHuman = new() { Phase = RunPhase.AwaitingApproval, ConversationId = conversation };
        List<RunListItem> pages = await this.ListAllAsync(needHuman, pageSize: 2);
        Assert.Equal(Enumerable.Reverse(waiting), pages.Select(i => i.InstanceId));
        Assert.All(pages, i => Assert.Equal((RunPhase.AwaitingApproval, conversation, OrchestrationRuntimeStatus.Running), (i.Phase!.Value, i.ConversationId!, i.RuntimeStatus)));

        // Status and time narrow the same list; a page of exactly the remaining runs has no next page.
        Assert.Empty(await this.ListAllAsync(needHuman with { Statuses = [OrchestrationRuntimeStatus.Completed] }));
        DateTimeOffset third = pages[2].CreatedAt;
        Assert.Equal(pages.Take(3).Select(i => i.InstanceId), (await this.ListAllAsync(needHuman with { CreatedFrom = third })).Select(i => i.InstanceId));
        Assert.Equal(pages.Skip(2).Select(i => i.InstanceId), (await this.ListAllAsync(needHuman with { CreatedTo = third })).Select(i => i.InstanceId));
        RunListPage all = await this.Runs.ListRunsAsync(needHuman, pageSize: 5);
        Assert.Equal(5, all.Items.Count);
        Assert.Null(all.ContinuationToken);

        // Once decided, a run leaves the list.
        await this.Runs.DecideAsync(waiting[0], 1, Approve());
        await this.WaitForEndAsync(waiting[0]);
        Assert.Equal(Enumerable.Reverse(waiting).Take(4), (await this.ListAllAsync(needHuman, pageSize: 3)).Select(i => i.InstanceId));
        foreach (string run in waiting.Skip(1))
        {
            await this.Runs.DecideAsync(run, 1, Approve());
            await this.WaitForEndAsync(run);
        }

        Assert.Empty(await this.ListAllAsync(needHuman));
    }

    [Fact]
    public async Task Counts_match_the_list_by_status_and_awaiting_approval_and_are_exact_past_the_limit_only_where_the_store_counts()
    {
        string conversation = $"conv-{Guid.NewGuid():N}";
        TurnStart waiting = await this.Runs.StartTurnAsync(this.TurnIn("await tools.record({ what: 'x' }); return 'done';") with { ConversationId = conversation, TurnId = "t1" });
        await this.WaitForPendingAsync(waiting.RunInstanceIds[0], 1);
        for (int i = 2; i <= 3; i++)
        {
            TurnStart done = await this.Runs.StartTurnAsync(this.TurnIn("return 1;") with { ConversationId = conversation, TurnId = $"t{i}" });
            await this.WaitForEndAsync(done.RunInstanceIds[0]);
            await this.WaitForEndAsync(done.TurnInstanceId);
        }

        RunListQuery mine = new() { ConversationId = conversation };
        List<RunListItem> listed = await this.ListAllAsync(mine);
        RunCounts counts = await this.Runs.CountRunsAsync(mine);

        Assert.Equal(6, listed.Count);
        Assert.Equal(listed.Count, counts.All);
        Assert.Equal(
            listed.GroupBy(i => i.RuntimeStatus).ToDictionary(g => g.Key, g => (long)g.Count()),
            counts.ByStatus.ToDictionary(kv => kv.Key, kv => kv.Value));
        Assert.Equal(1, counts.AwaitingApproval);
        Assert.False(counts.AtLeast);
        Assert.Equal(0, (await this.Runs.CountRunsAsync(mine with { Phase = RunPhase.Running })).AwaitingApproval);
        RunCounts completed = await this.Runs.CountRunsAsync(mine with { Statuses = [OrchestrationRuntimeStatus.Completed] });
        Assert.Equal(4, completed.All);
        Assert.Equal(0, completed.AwaitingApproval);

        // Past the list limit: a store that counts (SQLite) stays exact; elsewhere the client stops reading and says "at least".
        RunCounts limited = await this.Runs.CountRunsAsync(mine, listLimit: 2);
        if (this.Fixture is SqliteHarnessFixtureBase)
        {
            Assert.Equal(counts, limited with { ByStatus = counts.ByStatus });
            Assert.Equal(counts.ByStatus, limited.ByStatus);
        }
        else
        {
            Assert.True(limited.AtLeast);
            Assert.InRange(limited.All, 2, 5);
        }

        await this.Runs.DecideAsync(waiting.RunInstanceIds[0], 1, Approve());
        await this.WaitForEndAsync(waiting.RunInstanceIds[0]);
    }

    [Fact]
    public async Task A_continuation_token_the_list_did_not_hand_out_is_an_invalid_request()
    {
        ScriptRunClientException refused = await Assert.ThrowsAsync<ScriptRunClientException>(() => this.Runs.ListRunsAsync(continuationToken: "';drop table"));
        Assert.Equal(ClientErrorCode.InvalidRequest, refused.Code);
    }

    private async Task<List<RunListItem>> ListAllAsync(RunListQuery query, int pageSize = 100)
    {
        List<RunListItem> items = [];
        string? continuation = null;
        do
        {
            RunListPage page = await this.Runs.ListRunsAsync(query, pageSize, continuation);
            Assert.True(page.Items.Count <= pageSize);
            items.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return items;
    }
}
