using System.Globalization;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Status;

namespace ScriptHarness.Host.Dashboard.Pages;

/// <summary>The runs list: filters, counts, what waits for a person, then every run a page at a time.</summary>
internal static class RunsPage
{
    public static Html Render(RunsModel model, PageContext page, string live) => Layout.Page("Runs", Html.Of($"""
        <h1>Runs</h1>
        {Filters(model.Query)}
        {Html.When(model.Problem is not null, () => Html.Of($"""<p class="error" role="alert">{model.Problem}</p>"""))}
        {Counts(model)}
        <section aria-labelledby="awaiting-title">
        <h2 id="awaiting-title">Awaiting approval <span class="count">{model.Awaiting.Count}</span></h2>
        {(model.Awaiting.Count == 0 ? Html.Of($"""<p class="empty">Nothing waits for a decision.</p>""") : Table(model.Awaiting, "awaiting"))}
        </section>
        <section aria-labelledby="all-title">
        <h2 id="all-title">All runs</h2>
        {(model.Items.Count == 0 ? Html.Of($"""<p class="empty">No run matches.</p>""") : Table(model.Items, "all"))}
        {Html.When(model.NextPage is not null, () => Html.Of($"""<p><a id="next-page" href="{DashboardPaths.Home}{model.Query.WithPage(model.NextPage)}">Next page</a></p>"""))}
        </section>
        """), page, live);

    private static Html Filters(RunsQuery q) => Html.Of($"""
        <form method="get" action="{DashboardPaths.Home}" class="filters" aria-label="Filters">
        <label>Status <select name="status">
        <option value="">any</option>
        {Html.Concat(RunsQuery.Statuses.Select(s => Option(s.ToString(), s.ToString(), q.Status)))}
        </select></label>
        <label>Phase <select name="phase">
        <option value="">any</option>
        {Html.Concat(Enum.GetValues<RunPhase>().Select(p => Option(RunListFilters.Kebab(p), RunListFilters.Kebab(p), q.Phase)))}
        </select></label>
        <label>Conversation <input name="conversation" value="{q.Conversation}"></label>
        <label>Created from (UTC) <input type="datetime-local" name="since" value="{q.Since}"></label>
        <label>to <input type="datetime-local" name="until" value="{q.Until}"></label>
        <label>Text <input name="q" type="search" value="{q.Text}" placeholder="id or conversation"></label>
        {Html.When(q.PageSize != 25, () => Html.Of($"""<input type="hidden" name="size" value="{q.PageSize}">"""))}
        <button type="submit">Filter</button>
        <a href="{DashboardPaths.Home}">Clear</a>
        </form>
        """);

    private static Html Option(string value, string label, string? selected) =>
        string.Equals(value, selected, StringComparison.OrdinalIgnoreCase)
            ? Html.Of($"""<option value="{value}" selected>{label}</option>""")
            : Html.Of($"""<option value="{value}">{label}</option>""");

    private static Html Counts(RunsModel model) => Html.Of($"""
        <ul class="counts" aria-label="Counts">
        {Html.Concat(model.Counts.Where(c => c.Value > 0 || c.Key is "all" or "awaiting-approval").Select(c => Html.Of($"""<li data-count="{c.Key}"><span>{c.Key}</span> <strong>{c.Value}{(model.CountsCapped ? "+" : string.Empty)}</strong></li>""")))}
        </ul>
        """);

    private static Html Table(IReadOnlyList<RunListItem> items, string name) => Html.Of($"""
        <table class="runs" id="runs-{name}">
        <thead><tr><th scope="col">Run</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Phase</th><th scope="col">Conversation</th><th scope="col">Created (UTC)</th><th scope="col">Updated</th></tr></thead>
        <tbody>
        {Html.Concat(items.Select(Row))}
        </tbody>
        </table>
        """);

    private static Html Row(RunListItem item) => Html.Of($"""
        <tr class="status-{item.RuntimeStatus.ToString().ToLowerInvariant()}{(item.Phase == RunPhase.AwaitingApproval ? " awaiting" : string.Empty)}">
        <td><a href="{DashboardPaths.Run(item.InstanceId)}">{item.InstanceId}</a></td>
        <td>{(item.Name.EndsWith("Turn", StringComparison.Ordinal) ? "turn" : "run")}</td>
        <td>{item.RuntimeStatus.ToString()}</td>
        <td>{(item.Phase is { } p ? RunListFilters.Kebab(p) : "-")}</td>
        <td>{item.ConversationId ?? "-"}</td>
        <td><time datetime="{item.CreatedAt.ToString("O", CultureInfo.InvariantCulture)}">{Time(item.CreatedAt)}</time></td>
        <td>{Time(item.LastUpdatedAt)}</td>
        </tr>
        """);

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
