using System.Text.Json;
using ScriptHarness.Host.Dashboard.Pages;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Tests.Host.Dashboard;

/// <summary>The run page's call table says what the report says about each call: kebab-case status, reuse from an earlier run, attempts under a retry policy.</summary>
public sealed class RunPageCallRowTests
{
    private static readonly JsonElement NoArgs = JsonSerializer.SerializeToElement(new { });

    [Fact]
    public void A_retried_call_shows_its_attempts_and_a_reused_call_says_so()
    {
        string retried = RunPage.Call(new ToolCallRecord(1, "fetchQuote", NoArgs, ToolCallStatus.Ok) { Line = 3, Attempts = 3 }).ToString();
        string reused = RunPage.Call(new ToolCallRecord(2, "exec", NoArgs, ToolCallStatus.Ok) { Line = 4, Reused = true }).ToString();

        Assert.Contains("<td>ok, after 3 attempts</td>", retried, StringComparison.Ordinal);
        Assert.Contains("<td>ok, reused from the earlier run</td>", reused, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_that_ran_once_shows_only_its_kebab_case_status()
    {
        string once = RunPage.Call(new ToolCallRecord(1, "add", NoArgs, ToolCallStatus.TimedOut) { Line = 1, Attempts = 1 }).ToString();

        Assert.Contains("<td>timed-out</td>", once, StringComparison.Ordinal);
        Assert.DoesNotContain("attempts", once, StringComparison.Ordinal);
    }
}
