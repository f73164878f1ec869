using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Retries;

/// <summary>
/// Per-tool retries end to end: the fake <c>flaky</c> tool declares a policy (3 attempts,
/// <c>io-error</c> transient, 1 s per attempt) and fails its first <c>fail</c> attempts; the
/// ledger counts what really ran. Runs on in-memory and (derived) on SQLite.
/// </summary>
[Collection(HarnessCollection.Name)]
public class ToolRetryTests(HarnessFixture fixture) : HarnessTestBase(fixture)
{
    [Fact]
    public async Task A_transient_failure_is_retried_and_the_result_of_the_last_attempt_is_delivered_once()
    {
        RunView done = await this.RunToEndAsync("const r = await tools.flaky({ fail: 2 }); return r.attempt;");

        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Equal(3, done.Output.Report.Result!.Value.GetInt32());
        ToolCallRecord call = Assert.Single(done.Output.Report.Calls);
        Assert.Equal(ToolCallStatus.Ok, call.Status);
        Assert.Equal(3, call.Attempts);
        Assert.Equal(3, this.Fixture.Ledger.Count(done.InstanceId, "flaky"));
        Assert.All(this.Fixture.Ledger.For(done.InstanceId), c => Assert.Equal(1, c.Invocation.CallId));
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_reaches_the_script_after_one_attempt()
    {
        RunView done = await this.RunToEndAsync("try { await tools.flaky({ fail: 2, detail: 'bad-input' }); return 'ran'; } catch (e) { return e.detail; }");

        Assert.Equal("bad-input", done.Output!.Report.Result!.Value.GetString());
        Assert.Equal(1, Assert.Single(done.Output.Report.Calls).Attempts);
        Assert.Equal(1, this.Fixture.Ledger.Count(done.InstanceId, "flaky"));
    }

    [Fact]
    public async Task When_the_attempts_run_out_the_script_sees_the_typed_error_of_the_last_one()
    {
        RunView done = await this.RunToEndAsync("try { await tools.flaky({ fail: 9 }); return 'ran'; } catch (e) { return { code: e.code, detail: e.detail, message: e.message }; }");

        JsonElement seen = done.Output!.Report.Result!.Value;
        Assert.Equal("tool-failed", seen.GetProperty("code").GetString());
        Assert.Equal("io-error", seen.GetProperty("detail").GetString());
        Assert.Contains("attempt 3 failed", seen.GetProperty("message").GetString(), StringComparison.Ordinal);
        ToolCallRecord call = Assert.Single(done.Output.Report.Calls);
        Assert.Equal(ToolCallStatus.Failed, call.Status);
        Assert.Equal(3, call.Attempts);
        Assert.Equal(3, this.Fixture.Ledger.Count(done.InstanceId, "flaky"));
    }

    [Fact]
    public async Task An_attempt_past_its_timeout_is_tried_again_and_its_late_result_is_never_taken()
    {
        string gate = $"late-{Guid.NewGuid():N}";
        RunView done = await this.RunToEndAsync($"const r = await tools.flaky({{ slowGate: '{gate}' }}); return r;");

        // The first attempt is still held at its gate: the second one answered.
        JsonElement result = done.Output!.Report.Result!.Value;
        Assert.Equal(2, result.GetProperty("attempt").GetInt32());
        Assert.False(result.TryGetProperty("late", out _));
        Assert.Equal(2, Assert.Single(done.Output.Report.Calls).Attempts);

        // The superseded attempt now completes; the finished run's report does not change.
        this.Fixture.Gates.Release(gate);
        RunView after = await this.WaitForEndAsync(done.InstanceId);
        Assert.Equal(2, after.Output!.Report.Result!.Value.GetProperty("attempt").GetInt32());
        Assert.Equal(2, this.Fixture.Ledger.Count(done.InstanceId, "flaky"));
    }

    [Fact]
    public async Task A_run_keeps_the_policy_it_started_with_when_host_json_changes_while_it_waits()
    {
        IConfigurationRoot configuration = (IConfigurationRoot)this.Fixture.Services.GetRequiredService<IConfiguration>();
        string waiting = await this.StartAsync("await tools.record({ n: 1 }); const r = await tools.flaky({ fail: 2 }); return r.attempt;");
        await this.WaitForPendingAsync(waiting, 1);
        try
        {
            // host.json now turns flaky's retries off (attempts 1) while the run waits for a decision.
            configuration["orchestrations:toolRetries:flaky:attempts"] = "1";
            configuration.Reload();

            await this.Runs.DecideAsync(waiting, 1, Approve());
            RunView pinned = await this.WaitForEndAsync(waiting);
            Assert.Equal(3, pinned.Output!.Report.Result!.Value.GetInt32());
            Assert.Equal(3, this.Fixture.Ledger.Count(waiting, "flaky"));

            // A run started after the change tries once.
            RunView later = await this.RunToEndAsync("try { await tools.flaky({ fail: 2 }); return 'ran'; } catch (e) { return e.detail; }");
            Assert.Equal("io-error", later.Output!.Report.Result!.Value.GetString());
            Assert.Equal(1, this.Fixture.Ledger.Count(later.InstanceId, "flaky"));
            Assert.Null(Assert.Single(later.Output.Report.Calls).Attempts);
        }
        finally
        {
            // Back to the tool's own policy for the other tests of the collection.
            configuration["orchestrations:toolRetries:flaky:attempts"] = "3";
            configuration["orchestrations:toolRetries:flaky:firstDelayMs"] = "10";
            configuration["orchestrations:toolRetries:flaky:maxDelayMs"] = "100";
            configuration["orchestrations:toolRetries:flaky:attemptTimeoutMs"] = "1000";
            configuration["orchestrations:toolRetries:flaky:transient:0"] = "io-error";
            configuration.Reload();
        }
    }
}
