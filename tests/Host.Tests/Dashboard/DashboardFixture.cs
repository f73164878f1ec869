using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Dashboard;

/// <summary>
/// One <c>serve</c> (patches ask for approval, so a diff waits for a person) and one headless
/// Debian chromium driven by Playwright, shared by a test class; each test opens its own browser
/// context (its own cookies). Playwright cannot download a browser here: the executable is found
/// on PATH, and a missing one fails with the command that installs it.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public TempHome Home { get; } = new();

    public Server Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => this.Server.Client.BaseAddress!.ToString().TrimEnd('/');

    public static string ChromiumPath()
    {
        foreach (string name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("No chromium on PATH: the dashboard tests drive Debian's chromium (install it with `apt-get install -y chromium`; scripts/test.sh does).");
    }

    public async Task InitializeAsync()
    {
        this.Home.WriteHostJson(new JsonObject
        {
            ["orchestrations"] = new JsonObject
            {
                ["approvals"] = new JsonObject
                {
                    ["rules"] = new JsonArray(new JsonObject { ["tool"] = "applyPatch", ["action"] = "ask", ["reason"] = "patches need a review" }),
                },
            },
        });
        this.Server = new Server(this.Home);
        Task started = this.Server.StartAsync();
        this.playwright = await Playwright.CreateAsync();
        this.Browser = await this.playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath(), Headless = true });
        await started;
    }

    /// <summary>A fresh browser context (no cookies) and page on the server.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IBrowserContext context = await this.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = this.BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in with the server's key as <paramref name="person"/>, on the runs list.</summary>
    public async Task<IPage> SignedInPageAsync(string person = "ada")
    {
        IPage page = await this.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#key", Server.Key);
        await page.FillAsync("#person", person);
        await page.ClickAsync("#signin-submit");
        // Waits for the runs page's own content rather than the load event: once in CI the load
        // state never reached the waiter (30 s, "NetworkIdle event fired" and no "load") although
        // the sign-in had already landed on the list.
        await page.WaitForURLAsync(this.BaseUrl + "/", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("#all-title")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        return page;
    }

    /// <summary>
    /// Where a screenshot goes: the README's committed <c>docs/screenshots</c> when
    /// <c>SCREENSHOTS_UPDATE=1</c> asks to refresh them, a scratch folder otherwise, so an ordinary
    /// test run leaves the checkout unchanged (the pixels differ from run to run).
    /// </summary>
    public static string Screenshot(string name)
    {
        string dir = Environment.GetEnvironmentVariable("SCREENSHOTS_UPDATE") == "1"
            ? Path.Combine(RepoPaths.Root, "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "scriptharness-screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    public async Task DisposeAsync()
    {
        if (this.Browser is not null)
        {
            await this.Browser.DisposeAsync();
        }

        this.playwright?.Dispose();
        await this.Server.DisposeAsync();
        this.Home.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
