using Microsoft.AspNetCore.Antiforgery;

namespace ScriptHarness.Host.Dashboard.Pages;

/// <summary>The page shell: head (only this server's CSS and script), header with sign-out, the main part.</summary>
internal static class Layout
{
    /// <summary>A full page. <paramref name="live"/> is the server-sent events URL that refreshes the main part, if any.</summary>
    public static Html Page(string title, Html main, PageContext page, string? live = null) => Html.Of($"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title} · ScriptHarness</title>
        <link rel="stylesheet" href="{DashboardPaths.Css}">
        <script src="{DashboardPaths.Script}" defer></script>
        </head>
        <body>
        <header class="top">
        <a class="brand" href="{DashboardPaths.Home}">ScriptHarness</a>
        {Html.When(page.Person is not null, () => Html.Of($"""
            <span class="who">signed in as <strong>{page.Person}</strong></span>
            <form method="post" action="{DashboardPaths.SignOut}" class="inline">{page.Token}<button type="submit">Sign out</button></form>
            """))}
        </header>
        <p id="live-status" class="live-status" role="status" aria-live="polite"></p>
        <main id="main" data-live="{live ?? string.Empty}">
        {main}
        </main>
        </body>
        </html>
        """);

    /// <summary>The hidden anti-forgery field every form carries.</summary>
    public static Html Token(AntiforgeryTokenSet tokens) =>
        Html.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
}

/// <summary>What every page needs from the request: who is signed in and the form token.</summary>
/// <param name="Person">The signed-in person's name; null on the sign-in page.</param>
/// <param name="Token">The hidden anti-forgery field.</param>
internal sealed record PageContext(string? Person, Html Token);
