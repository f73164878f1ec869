using Microsoft.Playwright;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Dashboard;

/// <summary>The runs list and terminate in the browser: filters, paging, counts, text search, a run stopped from its page.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardListTests(DashboardFixture fixture)
{
    private Server Server => fixture.Server;

    [Fact]
    public async Task The_list_filters_by_conversation_and_status_pages_without_repeats_and_counts()
    {
        string conversation = "list-" + Guid.NewGuid().ToString("N")[..8];
        List<string> started = [];
        for (int i = 0; i < 3; i++)
        {
            (string turn, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"return {i};"), conversation: conversation, extra: new { turnId = $"t{i}" });
            started.Add(turn);
            started.AddRange(runs);
            await this.Server.WaitForReportAsync(runs[0]);
        }

        IPage page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"/?conversation={conversation}&size=4");
        await Assertions.Expect(page.Locator("[data-count='all'] strong")).ToHaveTextAsync("6");
        await Assertions.Expect(page.Locator("#runs-all tbody tr")).ToHaveCountAsync(4);
        List<string> seen = [.. await page.Locator("#runs-all tbody tr td:first-child").AllInnerTextsAsync()];
        await page.ClickAsync("#next-page");
        await Assertions.Expect(page.Locator("#runs-all tbody tr")).ToHaveCountAsync(2);
        seen.AddRange(await page.Locator("#runs-all tbody tr td:first-child").AllInnerTextsAsync());
        Assert.Equal(started.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        await Assertions.Expect(page.Locator("#next-page")).ToHaveCountAsync(0);

        // The form: status Completed and a text that names one run.
        await page.GotoAsync("/");
        await page.FillAsync("input[name=conversation]", conversation);
        await page.SelectOptionAsync("select[name=status]", "Completed");
        await page.FillAsync("input[name=q]", started[1]);
        await page.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(page.Locator("#runs-all tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#runs-all tbody tr td").First).ToHaveTextAsync(started[1]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_open_list_shows_a_new_waiting_run_without_a_reload()
    {
        IPage page = await fixture.SignedInPageAsync();
        await Assertions.Expect(page.Locator("#live-status")).ToContainTextAsync("Live");
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;"));
        await Assertions.Expect(page.Locator("#runs-awaiting a", new PageLocatorOptions { HasText = runs[0] })).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        Assert.NotEqual("0", await page.EvaluateAsync<string>("() => document.body.dataset.refreshed ?? '0'"));
        await this.Server.PostAsync($"/api/runs/{runs[0]}/terminate", new { reason = "test over" });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_bad_filter_says_which_and_lists_nothing()
    {
        IPage page = await fixture.SignedInPageAsync();
        IResponse? response = await page.GotoAsync("/?status=Sleeping");
        Assert.Equal(400, response!.Status);
        await Assertions.Expect(page.Locator("main .error")).ToContainTextAsync("Sleeping");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Terminate_from_the_run_page_cancels_the_waiting_call_and_the_run_reports_cancelled()
    {
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);
        IPage page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/runs/" + runs[0]);
        await page.FillAsync("#terminate-reason", "wrong branch");
        await page.ClickAsync("#terminate-button");
        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("cancelled", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#timeline .tl-terminate")).ToContainTextAsync("wrong branch");
        await Assertions.Expect(page.Locator("#timeline .tl-terminate")).ToContainTextAsync("dashboard:ada");
        await page.Context.CloseAsync();
    }
}
