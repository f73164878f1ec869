using Microsoft.DurableTask.Client;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Dashboard;

/// <summary>What the runs list shows: the runs waiting for a person first, then a page of all runs, and counts.</summary>
internal sealed record RunsModel(RunsQuery Query)
{
    /// <summary>
    /// How many runs the counts read at most where they must read runs (a store that cannot count,
    /// or a free-text filter, which only the page applies); past this they say "at least".
    /// </summary>
    public const int CountLimit = 2000;

    public string? Problem { get; init; }

    public IReadOnlyList<RunListItem> Awaiting { get; init; } = [];

    public IReadOnlyList<RunListItem> Items { get; init; } = [];

    public string? NextPage { get; init; }

    public IReadOnlyDictionary<string, long> Counts { get; init; } = new Dictionary<string, long>();

    public bool CountsCapped { get; init; }

    public static async Task<RunsModel> LoadAsync(ScriptRunClient runs, RunsQuery query, CancellationToken cancellationToken)
    {
        if (!query.TryBuild(out RunListQuery store, out string? problem))
        {
            return new RunsModel(query) { Problem = problem };
        }

        try
        {
            List<RunListItem> awaiting = [];
            if (query.Page is null && store.Phase is null or RunPhase.AwaitingApproval)
            {
                (awaiting, _) = await CollectAsync(runs, store with { Phase = RunPhase.AwaitingApproval }, query, 100, null, cancellationToken).ConfigureAwait(false);
            }

            (List<RunListItem> items, string? next) = await CollectAsync(runs, store, query, query.PageSize, query.Page, cancellationToken).ConfigureAwait(false);
            (Dictionary<string, long> counts, bool capped) = await CountAsync(runs, store, query, cancellationToken).ConfigureAwait(false);
            return new RunsModel(query) { Awaiting = awaiting, Items = items, NextPage = next, Counts = counts, CountsCapped = capped };
        }
        catch (ScriptRunClientException ex)
        {
            return new RunsModel(query) { Problem = ex.Message };
        }
    }

    // The store filters status and time; the free text is applied here, reading pages until one is full.
    private static async Task<(List<RunListItem> Items, string? Next)> CollectAsync(ScriptRunClient runs, RunListQuery store, RunsQuery query, int size, string? token, CancellationToken cancellationToken)
    {
        List<RunListItem> items = [];
        do
        {
            RunListPage page = await runs.ListRunsAsync(store, size, token, cancellationToken).ConfigureAwait(false);
            foreach (RunListItem item in page.Items)
            {
                if (query.MatchesText(item))
                {
                    items.Add(item);
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null && items.Count < size);
        return (items, token);
    }

    private static async Task<(Dictionary<string, long>, bool)> CountAsync(ScriptRunClient runs, RunListQuery store, RunsQuery query, CancellationToken cancellationToken)
    {
        Dictionary<string, long> counts = new(StringComparer.Ordinal) { ["all"] = 0, ["awaiting-approval"] = 0 };
        foreach (OrchestrationRuntimeStatus status in RunsQuery.Statuses)
        {
            counts[status.ToString()] = 0;
        }

        if (string.IsNullOrEmpty(query.Text))
        {
            // The client's count: the store's COUNT where it has one (SQLite), else it lists up to the limit.
            RunCounts counted = await runs.CountRunsAsync(store, CountLimit, cancellationToken).ConfigureAwait(false);
            counts["all"] = counted.All;
            counts["awaiting-approval"] = counted.AwaitingApproval;
            foreach ((OrchestrationRuntimeStatus status, long count) in counted.ByStatus)
            {
                counts[status.ToString()] = count;
            }

            return (counts, counted.AtLeast);
        }

        string? token = null;
        int read = 0;
        do
        {
            RunListPage page = await runs.ListRunsAsync(store, 200, token, cancellationToken).ConfigureAwait(false);
            foreach (RunListItem item in page.Items.Where(query.MatchesText))
            {
                counts["all"]++;
                counts[item.RuntimeStatus.ToString()]++;
                if (item.Phase == RunPhase.AwaitingApproval)
                {
                    counts["awaiting-approval"]++;
                }
            }

            read += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null && read < CountLimit);
        return (counts, token is not null);
    }
}
