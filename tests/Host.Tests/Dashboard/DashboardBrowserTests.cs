using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.Dashboard;

/// <summary>The approval dashboard in a real browser (Debian chromium through Playwright): what a person does with it.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardBrowserTests(DashboardFixture fixture)
{
    private const string Patch = """"
        *** Begin Patch
        *** Update File: src/greet.py
        @@
             """Return a greeting for name; an empty name greets the world."""
        -    text = "Hello, " + name + "!"
        +    text = "Hello, " + (name or "world") + "!"
             if shout:
        *** End Patch
        """";

    private Server Server => fixture.Server;

    // A JavaScript string literal that keeps < > as they are, so the script's own text carries the markup.
    private static string Js(string text) => System.Text.Json.JsonSerializer.Serialize(text, new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public async Task Sign_in_find_the_waiting_run_read_the_diff_approve_and_see_it_complete()
    {
        string workspace = this.Server.Home.NewWorkspace();
        string script = $"const r = await tools.applyPatch({{ patch: {Js(Patch)} }});\nreturn r;";
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block(script), workspace, conversation: "fix-greeting");
        await this.Server.WaitForApprovalAsync(runs[0], 1);

        IPage signIn = await fixture.NewPageAsync();
        await signIn.GotoAsync("/signin");
        await signIn.ScreenshotAsync(new PageScreenshotOptions { Path = DashboardFixture.Screenshot("sign-in.png") });
        await signIn.Context.CloseAsync();

        IPage page = await fixture.SignedInPageAsync();
        ILocator waiting = page.Locator("#runs-awaiting a", new PageLocatorOptions { HasText = runs[0] });
        await Assertions.Expect(waiting).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DashboardFixture.Screenshot("runs.png"), FullPage = true });
        await waiting.ClickAsync();

        // The diff: the workspace file's line 6 removed, the new line added, numbered against the file.
        ILocator removed = page.Locator("figure.diff[data-file='src/greet.py'] tr.del");
        ILocator added = page.Locator("figure.diff[data-file='src/greet.py'] tr.add");
        await Assertions.Expect(removed).ToHaveCountAsync(1);
        await Assertions.Expect(removed.Locator("td.text")).ToHaveTextAsync("    text = \"Hello, \" + name + \"!\"");
        await Assertions.Expect(removed.Locator("td.no").First).ToHaveTextAsync("6");
        await Assertions.Expect(added.Locator("td.text")).ToHaveTextAsync("    text = \"Hello, \" + (name or \"world\") + \"!\"");
        await Assertions.Expect(page.Locator("#call-1 .policy-reason")).ToContainTextAsync("patches need a review");
        await Assertions.Expect(page.Locator("#L1.call-line")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DashboardFixture.Screenshot("run-pending.png"), FullPage = true });

        await page.ClickAsync("#approve");
        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("completed", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#timeline .tl-decision")).ToContainTextAsync("dashboard:ada");
        Assert.Contains("(name or \"world\")", await File.ReadAllTextAsync(Path.Combine(workspace, "src", "greet.py")), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DashboardFixture.Screenshot("run-completed.png"), FullPage = true });

        JsonNode decision = (await this.Server.WaitForReportAsync(runs[0]))["report"]!["approvals"]![0]!["decision"]!;
        Assert.Equal("dashboard:ada", decision["decidedBy"]!.GetValue<string>());
        Assert.StartsWith("key-", decision["keyId"]!.GetValue<string>(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_open_run_page_follows_the_run_without_a_reload_after_a_decision_made_elsewhere()
    {
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);
        IPage page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/runs/" + runs[0]);
        await Assertions.Expect(page.Locator("#call-1")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#live-status")).ToContainTextAsync("Live");

        // Decided over the API, not on this page: the page must see the run move on by itself.
        (HttpResponseMessage response, _) = await this.Server.PostAsync($"/api/runs/{runs[0]}/approvals/1", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("completed", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        Assert.NotEqual("0", await page.EvaluateAsync<string>("() => document.body.dataset.refreshed ?? '0'"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Deny_with_a_reason_and_the_script_sees_the_error()
    {
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block($"{Scripts.AskingCommand};\nreturn 'ran';"));
        await this.Server.WaitForApprovalAsync(runs[0], 1);
        IPage page = await fixture.SignedInPageAsync("bob");
        await page.GotoAsync("/runs/" + runs[0]);
        await Assertions.Expect(page.Locator("#call-1 pre.command")).ToHaveTextAsync("sh -c 'echo checked > checked.txt'");
        await page.FillAsync("#reason", "not on a Friday");
        await page.ClickAsync("#deny");

        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("failed", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#report-error")).ToContainTextAsync("approval-denied");
        await Assertions.Expect(page.Locator("#report-error")).ToContainTextAsync("not on a Friday");
        await Assertions.Expect(page.Locator("#timeline .tl-decision")).ToContainTextAsync("reason: not on a Friday");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Script_args_results_logs_and_file_names_that_carry_markup_are_shown_as_text_and_run_nothing()
    {
        const string Img = "<img src=x onerror=\"window.__pwned=1\">";
        const string Tag = "<script>window.__pwned=2</script>";
        string workspace = this.Server.Home.NewWorkspace();
        await File.WriteAllTextAsync(Path.Combine(workspace, "<img src=x onerror=window.__pwned=3>.txt"), "x");
        string script = $$"""
            console.log({{Js(Tag)}}, {{Js(Img)}});
            const listing = await tools.listDir({ path: "." });
            try { await tools.exec({ command: ["sh", "-c", {{Js("echo '" + Tag + "' > x.html")}}] }); } catch (e) { }
            return { link: "javascript:window.__pwned=4", html: {{Js(Img)}}, listing };
            """;
        (_, string[] runs) = await this.Server.StartTurnAsync(Scripts.Block(script), workspace, conversation: "<b onmouseover=window.__pwned=5>c</b>");
        await this.Server.WaitForApprovalAsync(runs[0], 2);

        IPage page = await fixture.SignedInPageAsync();
        bool dialog = false;
        page.Dialog += (_, d) => { dialog = true; _ = d.DismissAsync(); };
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#runs-awaiting")).ToContainTextAsync("<b onmouseover=window.__pwned=5>c</b>");
        await page.GotoAsync("/runs/" + runs[0]);
        await Assertions.Expect(page.Locator("#call-2 pre.command")).ToContainTextAsync(Tag);
        await Assertions.Expect(page.Locator("#script")).ToContainTextAsync(Tag);
        await page.FillAsync("#reason", Img);
        await page.ClickAsync("#deny");
        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("completed", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });

        await Assertions.Expect(page.Locator("#report-logs")).ToContainTextAsync(Tag + " " + Img);
        await Assertions.Expect(page.Locator("#report-result")).ToContainTextAsync("javascript:window.__pwned=4");
        await Assertions.Expect(page.Locator("#report-result")).ToContainTextAsync("<img src=x onerror=window.__pwned=3>.txt");
        await Assertions.Expect(page.Locator("#timeline .tl-decision")).ToContainTextAsync(Img);
        await page.Locator("#report-result").HoverAsync();

        Assert.Equal(0, await page.Locator("main img, main script, main b, main a[href^='javascript']").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), "a payload ran");
        Assert.False(dialog);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_only_sign_in_and_approval_of_two_waiting_calls_at_once()
    {
        (string workspace, string run) = await this.Server.StartTwoWaitingCallsAsync();

        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync("/runs/" + run);
        await page.WaitForURLAsync(u => u.Contains("/signin", StringComparison.Ordinal));

        // The key field has focus on arrival (autofocus applies once the page has loaded, after
        // the URL matched: typing before then would be lost); Tab to the name, Enter submits.
        await Assertions.Expect(page.Locator("#key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(Server.Key);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("kim");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.EndsWith("/runs/" + run, StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("fieldset.pending-call")).ToHaveCountAsync(2);

        for (int i = 0; i < 200 && await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''") != "approve"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("approve", await page.EvaluateAsync<string>("() => document.activeElement?.id ?? ''"));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#report-status")).ToHaveTextAsync("completed", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        Assert.True(File.Exists(Path.Combine(workspace, "a.txt")) && File.Exists(Path.Combine(workspace, "b.txt")));
        await Assertions.Expect(page.Locator("#timeline .tl-decision")).ToHaveCountAsync(2);
        await page.Context.CloseAsync();
    }
}
