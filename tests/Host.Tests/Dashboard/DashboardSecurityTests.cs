using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Dashboard;

/// <summary>The dashboard's doors, attacked: no session, a wrong key, a forged post, a cookie used on the API, an open redirect.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardSecurityTests(DashboardFixture fixture)
{
    private Server Server => fixture.Server;

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/runs/some-run")]
    [InlineData("GET", "/runs/some-run/json")]
    [InlineData("GET", "/live")]
    [InlineData("POST", "/runs/some-run/decide")]
    [InlineData("POST", "/runs/some-run/terminate")]
    public async Task Requests_without_a_session_are_sent_to_sign_in_even_with_the_api_key(string method, string path)
    {
        using HttpClient anonymous = NoRedirects(null);
        using HttpRequestMessage request = new(new HttpMethod(method), path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Server.Key);
        using HttpResponseMessage response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_and_no_session_is_given()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#key", "not-the-key");
        IResponse? response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#signin-submit"), r => r.Request.Method == "POST");
        Assert.Equal(401, response.Status);
        await Assertions.Expect(page.Locator("#signin-error")).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "scriptharness-session");
        await page.GotoAsync("/");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_same_site_strict_and_expires_and_pages_carry_a_strict_policy()
    {
        (CookieContainer _, HttpResponseMessage signIn) = await SignInAsync("/");
        string cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("scriptharness-session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=strict", cookie, StringComparison.Ordinal);
        Assert.Contains("expires=", cookie, StringComparison.Ordinal);

        using HttpClient anonymous = NoRedirects(null);
        using HttpResponseMessage page = await anonymous.GetAsync("/signin");
        string csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());

        // Nothing is loaded from elsewhere: every src and href of the page is a path on this server.
        string html = await page.Content.ReadAsStringAsync();
        Assert.All(SrcOrHref().Matches(html).Select(m => m.Groups[1].Value), url => Assert.StartsWith("/", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_and_decides_nothing()
    {
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);
        (CookieContainer cookies, _) = await SignInAsync("/");
        using HttpClient signedIn = NoRedirects(cookies);

        foreach (string form in new[] { "call=1&decision=approve&scope=call", "call=1&decision=approve&__csrf=forged" })
        {
            using StringContent body = new(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
            using HttpResponseMessage refused = await signedIn.PostAsync($"/runs/{runs[0]}/decide", body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using StringContent terminate = new("reason=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.BadRequest, (await signedIn.PostAsync($"/runs/{runs[0]}/terminate", terminate)).StatusCode);

        JsonNode view = await this.Server.GetJsonAsync($"/api/runs/{runs[0]}");
        Assert.Equal("Running", view["runtimeStatus"]!.GetValue<string>());
        Assert.Single(view["pending"]!.AsArray());
        await this.Server.PostAsync($"/api/runs/{runs[0]}/terminate", new { reason = "test over" });
    }

    [Fact]
    public async Task The_session_cookie_does_not_open_the_http_api()
    {
        (CookieContainer cookies, _) = await SignInAsync("/");
        using HttpClient signedIn = NoRedirects(cookies);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync("/api/runs")).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_never_redirects_off_the_server(string returnUrl)
    {
        (_, HttpResponseMessage signIn) = await SignInAsync(returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    private HttpClient NoRedirects(CookieContainer? cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = this.Server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    // The sign-in form's own flow without a browser: its anti-forgery cookie and token, then the key.
    private async Task<(CookieContainer Cookies, HttpResponseMessage Response)> SignInAsync(string returnUrl)
    {
        CookieContainer cookies = new();
        using HttpClient client = NoRedirects(cookies);
        string form = await client.GetStringAsync("/signin");
        string token = Token().Match(form).Groups[1].Value;
        using FormUrlEncodedContent body = new(new Dictionary<string, string> { ["__csrf"] = WebUtility.HtmlDecode(token), ["key"] = Server.Key, ["person"] = "sec", ["returnUrl"] = returnUrl });
        HttpResponseMessage response = await client.PostAsync("/signin", body);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (cookies, response);
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("(?:src|href)=\"([^\"]*)\"")]
    private static partial Regex SrcOrHref();
}
