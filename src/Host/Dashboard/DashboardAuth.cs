using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using ScriptHarness.Host.Http;

namespace ScriptHarness.Host.Dashboard;

/// <summary>
/// The dashboard's session: the API key, typed once on the sign-in page, is exchanged for an
/// HTTP-only, SameSite=Strict cookie (Secure when the request is https) that expires after
/// <see cref="SessionLifetime"/>. The cookie only opens the dashboard; the HTTP API keeps
/// accepting the key alone, so a page can never be made to call the API with a user's cookie.
/// </summary>
internal static class DashboardAuth
{
    /// <summary>The cookie scheme.</summary>
    public const string Scheme = "DashboardSession";

    /// <summary>The policy every dashboard page and action requires.</summary>
    public const string Policy = "Dashboard";

    /// <summary>The claim holding the name the person signed in with (recorded as the decider).</summary>
    public const string PersonClaim = "scriptharness:person";

    /// <summary>How long a sign-in lasts.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    /// <summary>Registers the cookie scheme, its policy and anti-forgery.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        // Sessions and anti-forgery tokens are protected with keys held in memory only: nothing is
        // written to disk, and a restart signs everyone out (the key signs them in again).
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "scriptharness-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionLifetime;
            o.SlidingExpiration = false;
            o.LoginPath = DashboardPaths.SignIn;
            o.LogoutPath = DashboardPaths.SignOut;
            o.AccessDeniedPath = DashboardPaths.SignIn;
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "scriptharness-antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
            o.HeaderName = null;
        });
        return services;
    }

    /// <summary>The principal of a person who presented the key.</summary>
    public static ClaimsPrincipal Principal(ApiKey key, string person)
    {
        ClaimsIdentity identity = new(
            [
                new Claim(ApiKeyAuthenticationHandler.KeyIdClaim, key.Id),
                new Claim(ClaimTypes.Name, person),
                new Claim(ClaimTypes.NameIdentifier, key.Id + ":" + person),
                new Claim(PersonClaim, person),
            ],
            Scheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Who decides, as the audit trail records it: <c>dashboard:&lt;name&gt;</c>.</summary>
    public static string DeciderOf(ClaimsPrincipal user) => "dashboard:" + (user.FindFirst(PersonClaim)?.Value ?? "unknown");
}
