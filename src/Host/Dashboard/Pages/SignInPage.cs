namespace ScriptHarness.Host.Dashboard.Pages;

/// <summary>The sign-in form: the API key (never echoed back) and the name decisions are recorded under.</summary>
internal static class SignInPage
{
    public static Html Render(PageContext page, string? returnUrl, string? error) => Layout.Page("Sign in", Html.Of($"""
        <section class="signin">
        <h1>Sign in</h1>
        <p>Enter the server's API key (the value of the variable <code>host:http:apiKeyVariable</code> names, <code>SCRIPTHARNESS_API_KEY</code> by default).</p>
        {Html.When(error is not null, () => Html.Of($"""<p class="error" role="alert" id="signin-error">{error}</p>"""))}
        <form method="post" action="{DashboardPaths.SignIn}">
        {page.Token}
        <input type="hidden" name="returnUrl" value="{returnUrl ?? DashboardPaths.Home}">
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="current-password" required autofocus>
        <label for="person">Your name (recorded with each decision)</label>
        <input id="person" name="person" type="text" maxlength="100" autocomplete="name">
        <button type="submit" id="signin-submit">Sign in</button>
        </form>
        </section>
        """), page);
}
