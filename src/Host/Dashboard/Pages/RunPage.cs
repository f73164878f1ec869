using System.Globalization;
using System.Text.Json;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Host.Reports;
using ScriptHarness.Orchestrations.Status;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Host.Dashboard.Pages;

/// <summary>A run: what waits for a person (rendered for judging, decided here), its script, its timeline, its report.</summary>
internal static class RunPage
{
    /// <summary>Banners after an action, by a fixed name in the query string (nothing the request says is echoed).</summary>
    public static string? Notice(string? name) => name switch
    {
        "approved" => "Approved. The run continues; this page follows it.",
        "denied" => "Denied. The script sees approval-denied with your reason; this page follows it.",
        "terminating" => "Terminate requested: the run cancels what is pending and finishes with a report.",
        _ => null,
    };

    public static Html Render(RunModel run, PageContext page, ExecOptions exec, string? notice, string? error, string live)
    {
        string id = run.View.InstanceId;
        return Layout.Page("Run " + id, Html.Of($"""
            <nav class="crumbs"><a href="{DashboardPaths.Home}">Runs</a> › <span>{id}</span></nav>
            <h1>{(run.TurnRuns is null ? "Run" : "Turn")} <code id="run-id">{id}</code></h1>
            {Html.When(notice is not null, () => Html.Of($"""<p class="notice" role="status" id="notice">{notice}</p>"""))}
            {Html.When(error is not null, () => Html.Of($"""<p class="error" role="alert" id="action-error">{error}</p>"""))}
            {Summary(run)}
            {Html.When(run.TurnRuns is not null, () => TurnRuns(run.TurnRuns!))}
            {Pending(run, page, exec)}
            {Html.When(run.Response.Report is not null, () => Report(run.Response.Report!))}
            {Script(run)}
            {TimelineSection(run)}
            {Html.When(!run.Finished && run.TurnRuns is null, () => Terminate(id, page))}
            """), page, live);
    }

    private static Html Summary(RunModel run) => Html.Of($"""
        <dl class="summary">
        <dt>Status</dt><dd id="run-status" class="badge status-{run.View.RuntimeStatus.ToString().ToLowerInvariant()}">{run.View.RuntimeStatus.ToString()}{(run.View.Planned ? " (planned)" : string.Empty)}</dd>
        <dt>Phase</dt><dd id="run-phase">{run.Response.Phase?.ToString() ?? "-"}</dd>
        <dt>Conversation</dt><dd>{run.Conversation ?? "-"}</dd>
        <dt>Created (UTC)</dt><dd>{RunsPage.Time(run.View.CreatedAt)}</dd>
        <dt>Calls</dt><dd>{run.Response.CallsDone} done, {run.Response.CallsInFlight} in flight</dd>
        {Html.When(run.Response.LastProgress is not null, () => Html.Of($"""<dt>Progress</dt><dd id="progress">{run.Response.LastProgress}</dd>"""))}
        <dt>JSON</dt><dd><a href="{DashboardPaths.RunJson(run.View.InstanceId)}">status</a> · <a href="{DashboardPaths.RunHistoryJson(run.View.InstanceId)}">history</a> · API: <code>GET /api/runs/{run.View.InstanceId}</code>, <code>GET /api/runs/{run.View.InstanceId}/history</code></dd>
        </dl>
        """);

    private static Html TurnRuns(IReadOnlyList<string> runs) => Html.Of($"""
        <section><h2>Runs of this turn</h2><ol class="turn-runs">
        {Html.Concat(runs.Select(r => Html.Of($"""<li><a href="{DashboardPaths.Run(r)}">{r}</a></li>""")))}
        </ol></section>
        """);

    private static Html Pending(RunModel run, PageContext page, ExecOptions exec)
    {
        IReadOnlyList<PendingCall> approvals = [.. run.Pending.Where(p => p.Kind == PendingKind.Approval)];
        IReadOnlyList<PendingCall> results = [.. run.Pending.Where(p => p.Kind == PendingKind.Result)];
        if (approvals.Count == 0 && results.Count == 0)
        {
            return Html.Empty;
        }

        string id = run.View.InstanceId;
        return Html.Of($"""
            <section id="pending" aria-labelledby="pending-title">
            <h2 id="pending-title">Waiting for a decision <span class="count">{approvals.Count}</span></h2>
            {Html.When(approvals.Count > 0, () => Html.Of($"""
                <form method="post" action="{DashboardPaths.Decide(id)}" id="decide-form">
                {page.Token}
                {Html.Concat(approvals.Select(call => Html.Of($"""
                    <fieldset class="pending-call" id="call-{call.CallId}" data-tool="{call.Tool}">
                    <legend><label><input type="checkbox" name="call" value="{call.CallId}" checked> Call {call.CallId}: <code>{call.Tool}</code>{Html.When(call.Line is not null, () => Html.Of($""" (<a href="#L{call.Line}">line {call.Line}</a>)"""))}</label></legend>
                    <p class="policy-reason">Asked because: <span>{call.Reason}</span></p>
                    <p class="expiry">Expires <time datetime="{call.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)}">{call.ExpiresAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</time> (then it counts as denied)</p>
                    {PendingCallView.Render(call, run.Workspace, exec)}
                    </fieldset>
                    """)))}
                <fieldset class="decision">
                <legend>Decide the selected calls</legend>
                <label for="reason">Reason (recorded; a denied script sees it)</label>
                <input id="reason" name="reason" maxlength="4096">
                <div class="scope" role="radiogroup" aria-label="Scope">
                <label><input type="radio" name="scope" value="call" checked> this call only</label>
                <label><input type="radio" name="scope" value="run"> every matching call of this run</label>
                </div>
                <button type="submit" name="decision" value="approve" id="approve" class="approve">Approve selected</button>
                <button type="submit" name="decision" value="deny" id="deny" class="deny">Deny selected</button>
                </fieldset>
                </form>
                """))}
            {Html.Concat(results.Select(call => Html.Of($"""
                <div class="pending-result" id="call-{call.CallId}"><p>Call {call.CallId}: <code>{call.Tool}</code> waits for a result from the host (<code>POST /api/runs/{id}/calls/{call.CallId}/result</code> or <code>scriptharness respond</code>).</p>
                <pre class="json">{Json.Pretty(call.Args)}</pre></div>
                """)))}
            </section>
            """);
    }

    private static Html Terminate(string id, PageContext page) => Html.Of($"""
        <section id="terminate" aria-labelledby="terminate-title">
        <h2 id="terminate-title">Terminate</h2>
        <form method="post" action="{DashboardPaths.Terminate(id)}" id="terminate-form">
        {page.Token}
        <label for="terminate-reason">Reason</label>
        <input id="terminate-reason" name="reason" maxlength="4096">
        <button type="submit" class="deny" id="terminate-button">Terminate the run</button>
        </form>
        </section>
        """);

    private static Html Script(RunModel run)
    {
        if (run.Script is null)
        {
            return Html.Empty;
        }

        IReadOnlyDictionary<int, IReadOnlyList<int>> marks = run.CallLines;
        string[] lines = run.Script.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return Html.Of($"""
            <section aria-labelledby="script-title">
            <h2 id="script-title">Script</h2>
            <ol class="script" id="script">
            {Html.Concat(lines.Select((line, i) => marks.TryGetValue(i + 1, out IReadOnlyList<int>? calls)
                ? Html.Of($"""<li id="L{i + 1}" class="call-line"><code>{line}</code><span class="calls">call {string.Join(", ", calls)}</span></li>""")
                : Html.Of($"""<li id="L{i + 1}"><code>{line}</code></li>""")))}
            </ol>
            </section>
            """);
    }

    private static Html TimelineSection(RunModel run) => Html.Of($"""
        <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol class="timeline" id="timeline">
        {Html.Concat(run.Timeline.Select(Entry))}
        </ol>
        </section>
        """);

    private static Html Entry(TimelineEntry e) => Html.Of($"""
        <li class="tl-{e.Kind}">
        <time datetime="{e.At.ToString("O", CultureInfo.InvariantCulture)}">{e.At.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)}</time>
        <strong>{e.Title}</strong>{Html.When(e.CallId is not null && e.Kind == "call", () => Html.Of($""" (call {e.CallId})"""))}{Html.When(e.Duration is not null, () => Html.Of($""" <span class="duration">{e.Duration!.Value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms</span>"""))}
        {Html.When(e.Who is { Length: > 0 }, () => Html.Of($"""<span class="who">by {e.Who}</span>"""))}
        {Html.When(e.Scope is not null, () => Html.Of($"""<span class="scope">scope {e.Scope}</span>"""))}
        {Html.When(e.Reason is not null, () => Html.Of($"""<span class="reason">reason: {e.Reason}</span>"""))}
        {Html.When(e.Args is not null, () => Html.Of($"""<details><summary>arguments</summary><pre class="json">{e.Args}</pre></details>"""))}
        {Html.When(e.Result is not null, () => Html.Of($"""<details><summary>result</summary><pre class="json">{e.Result}</pre></details>"""))}
        {Html.When(e.Error is not null, () => Html.Of($"""<p class="error">{e.Error}</p>"""))}
        </li>
        """);

    private static Html Report(BlockReport report) => Html.Of($"""
        <section id="report" aria-labelledby="report-title">
        <h2 id="report-title">Report: <span id="report-status" class="badge report-{report.Status}">{report.Status}</span></h2>
        {Html.When(report.Error is not null, () => Html.Of($"""<p class="error" id="report-error"><code>{report.Error!.Code}</code> {report.Error.Message}</p>"""))}
        <h3>Result</h3>
        <pre class="json" id="report-result">{Json.Pretty(report.Result)}</pre>
        {Html.When(report.Logs.Count > 0, () => Html.Of($"""
            <h3>Logs</h3>
            <ol class="logs" id="report-logs">{Html.Concat(report.Logs.Select(l => Html.Of($"""<li class="log-{l.Level.ToString().ToLowerInvariant()}">{l.Message}</li>""")))}</ol>
            """))}
        {Html.When(report.Calls.Count > 0, () => Html.Of($"""
            <h3>Calls</h3>
            <table class="calls"><thead><tr><th scope="col">#</th><th scope="col">Tool</th><th scope="col">Line</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">Error</th></tr></thead><tbody>
            {Html.Concat(report.Calls.Select(Call))}
            </tbody></table>
            """))}
        </section>
        """);

    /// <summary>One row of the report's call table; the status says when the call was reused from an earlier run or took several attempts.</summary>
    internal static Html Call(ToolCallRecord c) => Html.Of($"""
        <tr><td>{c.Id}</td><td><code>{c.Tool}</code></td><td><a href="#L{c.Line}">{c.Line}</a></td><td>{CallStatus(c)}</td><td>{(c.DurationMs is { } ms ? ms.ToString("0", CultureInfo.InvariantCulture) + " ms" : "-")}</td><td>{c.Error?.Message}</td></tr>
        """);

    private static string CallStatus(ToolCallRecord c)
    {
        string status = JsonNamingPolicy.KebabCaseLower.ConvertName(c.Status.ToString());
        if (c.Reused)
        {
            status += ", reused from the earlier run";
        }

        if (c.Attempts is > 1 and int attempts)
        {
            status += string.Create(CultureInfo.InvariantCulture, $", after {attempts} attempts");
        }

        return status;
    }
}
