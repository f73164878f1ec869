using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Options;
using ScriptHarness.Durable.History;
using ScriptHarness.Host.Dashboard.Pages;
using ScriptHarness.Host.Http;
using ScriptHarness.Host.Http.Contracts;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Events;

namespace ScriptHarness.Host.Dashboard;

/// <summary>
/// The approval dashboard served by <c>serve</c> at <c>/</c>: server-rendered pages over
/// <see cref="ScriptRunClient"/> (like the HTTP API), behind the session cookie, every form
/// post checked for its anti-forgery token.
/// </summary>
internal static class DashboardEndpoints
{
    public static void MapDashboard(this WebApplication app, ApiKey key)
    {
        app.MapGet(DashboardPaths.Css, () => DashboardAssets.Css).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(DashboardPaths.Script, () => DashboardAssets.Script).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(DashboardPaths.SignIn, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Page(SignInPage.Render(Context(http, antiforgery), DashboardPaths.IsLocal(returnUrl) ? returnUrl : null, null))).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(DashboardPaths.SignIn, (HttpContext http, IAntiforgery antiforgery) => SignInAsync(http, antiforgery, key)).AllowAnonymous().ExcludeFromDescription();

        RouteGroupBuilder pages = app.MapGroup(string.Empty).RequireAuthorization(DashboardAuth.Policy).ExcludeFromDescription();
        pages.MapPost(DashboardPaths.SignOut, SignOutAsync);
        pages.MapGet(DashboardPaths.Home, RunsAsync);
        pages.MapGet(DashboardPaths.Live, LiveEvents.Stream);

        RouteGroupBuilder run = pages.MapGroup("/runs/{id}").AddEndpointFilter<RouteIdFilter>();
        run.MapGet(string.Empty, RunAsync);
        run.MapGet("/json", RunJsonAsync);
        run.MapGet("/history.json", HistoryJsonAsync);
        run.MapPost("/decide", DecideAsync);
        run.MapPost("/terminate", TerminateAsync);
    }

    private static IResult Page(Html html, int status = StatusCodes.Status200OK) =>
        Results.Content(html.Value, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static PageContext Context(HttpContext http, IAntiforgery antiforgery) =>
        new(http.User.FindFirst(DashboardAuth.PersonClaim)?.Value, Layout.Token(antiforgery.GetAndStoreTokens(http)));

    // A form post without its token (or with another session's) changes nothing.
    private static async Task<IFormCollection?> ValidFormAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            await antiforgery.ValidateRequestAsync(http).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return null;
        }

        return await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
    }

    private static IResult Refused() => Results.Text("The form's anti-forgery token is missing or not valid: reload the page and try again.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    private static async Task<IResult> SignInAsync(HttpContext http, IAntiforgery antiforgery, ApiKey key)
    {
        if (await ValidFormAsync(http, antiforgery).ConfigureAwait(false) is not { } form)
        {
            return Refused();
        }

        string? returnUrl = form["returnUrl"].ToString() is var r && DashboardPaths.IsLocal(r) ? r : DashboardPaths.Home;
        string person = form["person"].ToString().Trim();
        if (!key.Matches(form["key"].ToString()))
        {
            return Page(SignInPage.Render(Context(http, antiforgery), returnUrl, "That key is not the server's API key."), StatusCodes.Status401Unauthorized);
        }

        if (TextFields.NameProblem(person, "name") is { } badName || person.Length > 100)
        {
            return Page(SignInPage.Render(Context(http, antiforgery), returnUrl, "The name must be at most 100 characters without control characters."), StatusCodes.Status400BadRequest);
        }

        ClaimsPrincipal principal = DashboardAuth.Principal(key, person.Length == 0 ? key.Id : person);
        await http.SignInAsync(DashboardAuth.Scheme, principal, new AuthenticationProperties { IsPersistent = true, ExpiresUtc = DateTimeOffset.UtcNow + DashboardAuth.SessionLifetime }).ConfigureAwait(false);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        if (await ValidFormAsync(http, antiforgery).ConfigureAwait(false) is null)
        {
            return Refused();
        }

        await http.SignOutAsync(DashboardAuth.Scheme).ConfigureAwait(false);
        return Results.Redirect(DashboardPaths.SignIn);
    }

    private static async Task<IResult> RunsAsync(HttpContext http, IAntiforgery antiforgery, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        // The live version first: a change after it is then sent as soon as the page listens.
        string live = await LiveEvents.UrlAsync(runs, null, cancellationToken).ConfigureAwait(false);
        RunsModel model = await RunsModel.LoadAsync(runs, RunsQuery.From(http.Request), cancellationToken).ConfigureAwait(false);
        return Page(RunsPage.Render(model, Context(http, antiforgery), live), model.Problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> RunAsync(string id, string? notice, HttpContext http, IAntiforgery antiforgery, ScriptRunClient runs, IOptions<ActivitiesOptions> activities, CancellationToken cancellationToken) =>
        await RunPageAsync(id, RunPage.Notice(notice), null, StatusCodes.Status200OK, http, antiforgery, runs, activities.Value.Exec, cancellationToken).ConfigureAwait(false);

    private static async Task<IResult> RunPageAsync(string id, string? notice, string? error, int status, HttpContext http, IAntiforgery antiforgery, ScriptRunClient runs, ExecOptions exec, CancellationToken cancellationToken)
    {
        string live = await LiveEvents.UrlAsync(runs, id, cancellationToken).ConfigureAwait(false);
        RunModel? model = await RunModel.LoadAsync(runs, id, cancellationToken).ConfigureAwait(false);
        return model is null
            ? Page(Layout.Page("Not found", Html.Of($"""<h1>No run has this id</h1><p><a href="{DashboardPaths.Home}">All runs</a></p>"""), Context(http, antiforgery)), StatusCodes.Status404NotFound)
            : Page(RunPage.Render(model, Context(http, antiforgery), exec, notice, error, live), status);
    }

    private static async Task<IResult> RunJsonAsync(string id, ScriptRunClient runs, CancellationToken cancellationToken) =>
        await runs.GetRunAsync(id, cancellationToken).ConfigureAwait(false) is { } view
            ? Results.Json(RunResponse.From(view, baseUrl: string.Empty))
            : Problems.Create(StatusCodes.Status404NotFound, "not-found", $"No run has id {id}.");

    private static async Task<IResult> HistoryJsonAsync(string id, ScriptRunClient runs, CancellationToken cancellationToken)
    {
        try
        {
            return Results.Json(await runs.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false), DurableHistoryJson.Options);
        }
        catch (ScriptRunClientException ex)
        {
            return Problems.From(ex);
        }
    }

    private static async Task<IResult> DecideAsync(string id, HttpContext http, IAntiforgery antiforgery, ScriptRunClient runs, IOptions<ActivitiesOptions> activities, CancellationToken cancellationToken)
    {
        if (await ValidFormAsync(http, antiforgery).ConfigureAwait(false) is not { } form)
        {
            return Refused();
        }

        string? error = null;
        DecisionVerdict? verdict = form["decision"].ToString() switch { "approve" => DecisionVerdict.Approve, "deny" => DecisionVerdict.Deny, _ => null };
        DecisionScope? scope = form["scope"].ToString() switch { "" or "call" => DecisionScope.Call, "run" => DecisionScope.Run, _ => null };
        string? reason = form["reason"].ToString() is { Length: > 0 } r ? r : null;
        List<int> calls = [.. form["call"].Select(c => int.TryParse(c, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : -1)];
        if (verdict is null || scope is null)
        {
            error = "Choose approve or deny, and a scope of call or run.";
        }
        else if (calls.Count == 0 || calls.Contains(-1))
        {
            error = "Select at least one waiting call.";
        }
        else if (TextFields.TextProblem(reason, "reason") is { } badReason)
        {
            error = badReason;
        }
        else
        {
            string decider = DashboardAuth.DeciderOf(http.User);
            string? keyId = ApiKeyAuthenticationHandler.KeyIdOf(http.User);
            try
            {
                await runs.DecideManyAsync(id, [.. calls.Select(c => (c, new ApprovalDecision(verdict.Value, scope.Value, reason, decider, keyId)))], cancellationToken).ConfigureAwait(false);
                return Results.Redirect(DashboardPaths.Run(id) + (verdict == DecisionVerdict.Approve ? "?notice=approved" : "?notice=denied"));
            }
            catch (ScriptRunClientException ex)
            {
                error = ex.Message;
            }
        }

        return await RunPageAsync(id, null, error, StatusCodes.Status409Conflict, http, antiforgery, runs, activities.Value.Exec, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> TerminateAsync(string id, HttpContext http, IAntiforgery antiforgery, ScriptRunClient runs, IOptions<ActivitiesOptions> activities, CancellationToken cancellationToken)
    {
        if (await ValidFormAsync(http, antiforgery).ConfigureAwait(false) is not { } form)
        {
            return Refused();
        }

        string? reason = form["reason"].ToString() is { Length: > 0 } r ? r : null;
        string? error = TextFields.TextProblem(reason, "reason");
        if (error is null)
        {
            try
            {
                await runs.TerminateAsync(id, new TerminateRequest(reason, DashboardAuth.DeciderOf(http.User)), force: false, cancellationToken).ConfigureAwait(false);
                return Results.Redirect(DashboardPaths.Run(id) + "?notice=terminating");
            }
            catch (ScriptRunClientException ex)
            {
                error = ex.Message;
            }
        }

        return await RunPageAsync(id, null, error, StatusCodes.Status409Conflict, http, antiforgery, runs, activities.Value.Exec, cancellationToken).ConfigureAwait(false);
    }
}
