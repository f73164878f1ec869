using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Tests.Orchestrations.Retries;

/// <summary>The retry policy as data: host.json binding and validation, the backoff, what is transient, and what a run pins.</summary>
public sealed class ToolRetryPolicyTests
{
    private static readonly JsonElement AnySchema = JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone();

    [Fact]
    public void Tool_retries_bind_from_host_json_for_the_built_in_tools()
    {
        OrchestrationsOptions options = Bind("""
            { "orchestrations": { "toolRetries": { "exec": { "attempts": 4, "firstDelayMs": 500, "backoffCoefficient": 3, "maxDelayMs": 2000, "transient": ["io-error", "tool-failed"], "attemptTimeoutMs": 9000 } } } }
            """);

        ToolRetryPolicy exec = options.ToolRetries["exec"];
        Assert.Equal(4, exec.Attempts);
        Assert.Equal(500, exec.FirstDelayMs);
        Assert.Equal(3, exec.BackoffCoefficient);
        Assert.Equal(2000, exec.MaxDelayMs);
        Assert.Equal(["io-error", "tool-failed"], exec.Transient);
        Assert.Equal(9000, exec.AttemptTimeoutMs);
    }

    [Theory]
    [InlineData("""{ "attempts": 0 }""", "orchestrations:toolRetries:exec:attempts")]
    [InlineData("""{ "attempts": 21 }""", "orchestrations:toolRetries:exec:attempts")]
    [InlineData("""{ "firstDelayMs": 5000, "maxDelayMs": 10 }""", "orchestrations:toolRetries:exec:maxDelayMs")]
    [InlineData("""{ "backoffCoefficient": 0.5 }""", "orchestrations:toolRetries:exec:backoffCoefficient")]
    [InlineData("""{ "attemptTimeoutMs": 0 }""", "orchestrations:toolRetries:exec:attemptTimeoutMs")]
    public void A_bad_policy_is_refused_at_start_naming_its_key(string policy, string key)
    {
        OrchestrationsOptions options = Bind($$"""{ "orchestrations": { "toolRetries": { "exec": {{policy}} } } }""");
        ValidateOptionsResult result = new OrchestrationsOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Delays_grow_by_the_coefficient_up_to_the_cap()
    {
        ToolRetryPolicy policy = new() { FirstDelayMs = 100, BackoffCoefficient = 3, MaxDelayMs = 1000 };
        Assert.Equal([100, 300, 900, 1000], Enumerable.Range(1, 4).Select(r => policy.DelayBefore(r).TotalMilliseconds));
    }

    [Fact]
    public void Only_listed_codes_and_details_and_attempt_timeouts_are_transient_and_a_cancellation_never_is()
    {
        ToolRetryPolicy policy = new() { Transient = ["io-error", "limit-exceeded"] };
        Assert.True(policy.IsTransient(ScriptError.Create(ScriptErrorCode.ToolFailed, "x") with { Detail = "io-error" }));
        Assert.True(policy.IsTransient(ScriptError.Create(ScriptErrorCode.ToolFailed, "x") with { Detail = ToolRetryPolicy.AttemptTimeout }));
        Assert.False(policy.IsTransient(ScriptError.Create(ScriptErrorCode.ToolFailed, "x") with { Detail = "file-not-found" }));
        Assert.False(policy.IsTransient(ScriptError.Create(ScriptErrorCode.ToolFailed, "x")));
        Assert.False(policy.IsTransient(ScriptError.Create(ScriptErrorCode.Cancelled, "x") with { Detail = "io-error" }));
        Assert.True(new ToolRetryPolicy { Transient = ["tool-failed"] }.IsTransient(ScriptError.Create(ScriptErrorCode.ToolFailed, "x")));
    }

    [Fact]
    public void A_run_pins_each_tools_own_policy_overridden_by_host_json_and_nothing_when_no_tool_retries()
    {
        ToolRetryPolicy own = new() { Attempts = 3, Transient = ["io-error"] };
        ToolDescriptor[] tools =
        [
            new("flaky", "d", AnySchema) { Retry = own },
            new("steady", "d", AnySchema),
            new("exec", "d", AnySchema),
        ];
        ToolRetryPolicy execPolicy = new() { Attempts = 2, Transient = ["io-error"] };

        Assert.Null(ToolRetries.Pin([tools[1], tools[2]], new Dictionary<string, ToolRetryPolicy>()));
        IReadOnlyDictionary<string, ToolRetryPolicy> pinned = ToolRetries.Pin(tools, new Dictionary<string, ToolRetryPolicy> { ["exec"] = execPolicy, ["unknown"] = execPolicy })!;
        Assert.Equal(["exec", "flaky"], pinned.Keys.Order(StringComparer.Ordinal));
        Assert.Same(own, pinned["flaky"]);
        Assert.Same(execPolicy, pinned["exec"]);

        // host.json attempts 1 turns a tool's own retries off.
        Assert.Null(ToolRetries.Pin(tools, new Dictionary<string, ToolRetryPolicy> { ["flaky"] = new() { Attempts = 1 } }));
    }

    [Fact]
    public void The_pinned_policies_survive_the_run_input_round_trip_and_an_input_without_them_omits_the_field()
    {
        ScriptRunInput plain = new("return 1;", new RunContext("c", "t", 0, "/w"));
        Assert.DoesNotContain("Retries", JsonSerializer.Serialize(plain), StringComparison.Ordinal);

        ScriptRunInput pinned = plain with { Retries = new Dictionary<string, ToolRetryPolicy> { ["exec"] = new() { Attempts = 4, Transient = ["io-error"], AttemptTimeoutMs = 50 } } };
        ScriptRunInput back = JsonSerializer.Deserialize<ScriptRunInput>(JsonSerializer.Serialize(pinned))!;
        Assert.Equal(pinned.Retries!["exec"].Attempts, back.Retries!["exec"].Attempts);
        Assert.Equal(["io-error"], back.Retries["exec"].Transient);
        Assert.Equal(50, back.Retries["exec"].AttemptTimeoutMs);
    }

    // The binder alone (the validator is asked separately): an invalid policy must still bind.
    private static OrchestrationsOptions Bind(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build()
            .GetSection(OrchestrationsOptions.SectionName).Get<OrchestrationsOptions>() ?? new OrchestrationsOptions();
}
