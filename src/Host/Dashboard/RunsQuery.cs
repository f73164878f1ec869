using System.Globalization;
using Microsoft.DurableTask.Client;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Orchestrations.Client;

namespace ScriptHarness.Host.Dashboard;

/// <summary>The runs list's filters as the form sends them (query string), checked with the HTTP API's own rules.</summary>
internal sealed record RunsQuery(string? Status, string? Phase, string? Conversation, string? Since, string? Until, string? Text, string? Page)
{
    /// <summary>Runs per page (query <c>size</c>, 1 to 100; 25 by default).</summary>
    public int PageSize { get; init; } = 25;

    public static RunsQuery From(HttpRequest request)
    {
        IQueryCollection q = request.Query;
        int size = int.TryParse(Value(q, "size"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? Math.Clamp(n, 1, 100) : 25;
        return new RunsQuery(Value(q, "status"), Value(q, "phase"), Value(q, "conversation"), Value(q, "since"), Value(q, "until"), Value(q, "q"), Value(q, "page")) { PageSize = size };
    }

    /// <summary>The store query of these filters (the text filter is applied to each page), or the problem with one of them.</summary>
    public bool TryBuild(out RunListQuery query, out string? problem)
    {
        bool ok = RunListFilters.TryParse(this.Status, this.Phase, this.Conversation, Utc(this.Since), Utc(this.Until), out query, out (string Field, string Detail) error);
        problem = ok ? null : error.Detail;
        return ok;
    }

    /// <summary>Whether <paramref name="item"/> contains the free text in its id or conversation.</summary>
    public bool MatchesText(RunListItem item) =>
        string.IsNullOrEmpty(this.Text)
        || item.InstanceId.Contains(this.Text, StringComparison.OrdinalIgnoreCase)
        || (item.ConversationId?.Contains(this.Text, StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The query string of these filters with another page token.</summary>
    public string WithPage(string? page)
    {
        Dictionary<string, string?> values = new()
        {
            ["status"] = this.Status, ["phase"] = this.Phase, ["conversation"] = this.Conversation,
            ["since"] = this.Since, ["until"] = this.Until, ["q"] = this.Text, ["page"] = page,
            ["size"] = this.PageSize == 25 ? null : this.PageSize.ToString(CultureInfo.InvariantCulture),
        };
        return new Microsoft.AspNetCore.Http.Extensions.QueryBuilder(values.Where(kv => !string.IsNullOrEmpty(kv.Value)).Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value!))).ToQueryString().Value ?? string.Empty;
    }

    public static IReadOnlyList<OrchestrationRuntimeStatus> Statuses { get; } = Enum.GetValues<OrchestrationRuntimeStatus>();

    // A datetime-local field has no zone: the dashboard shows and reads UTC.
    private static string? Utc(string? text) =>
        string.IsNullOrEmpty(text) ? null
        : DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime t) ? t.ToString("O", CultureInfo.InvariantCulture)
        : text;

    private static string? Value(IQueryCollection q, string name) => q.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
}
