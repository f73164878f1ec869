using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScriptHarness.Orchestrations.DependencyInjection;
using ScriptHarness.Orchestrations.Options;
using ScriptHarness.Orchestrations.Policy;

namespace ScriptHarness.Tests.Orchestrations.Options;

public class OrchestrationsOptionsTests
{
    [Fact]
    public void The_orchestrations_section_binds_kebab_case_values_and_rules()
    {
        OrchestrationsOptions options = Bind("""
            {
              "orchestrations": {
                "mode": "dry-run",
                "approvals": {
                  "mode": "on-request",
                  "expiry": "02:00:00",
                  "rules": [
                    { "tool": "exec", "argvPrefix": ["git", "push"], "action": "ask", "network": true, "reason": "pushes" },
                    { "tool": "applyPatch", "pathsOutside": ["src/"], "action": "deny" },
                    { "tool": "deploy", "args": { "env": "prod" }, "action": "deny" }
                  ]
                },
                "progress": { "minInterval": "00:00:01", "maxMessages": 5 }
              }
            }
            """);

        Assert.Equal(FeatureMode.DryRun, options.Mode);
        Assert.Equal(ApprovalMode.OnRequest, options.Approvals.Mode);
        Assert.Equal(TimeSpan.FromHours(2), options.Approvals.Expiry);
        Assert.Equal(3, options.Approvals.Rules.Count);
        Assert.Equal(["git", "push"], options.Approvals.Rules[0].ArgvPrefix);
        Assert.True(options.Approvals.Rules[0].Network);
        Assert.False(options.Approvals.Rules[1].Network);
        Assert.Equal(ApprovalAction.Deny, options.Approvals.Rules[1].Action);
        Assert.Equal("prod", options.Approvals.Rules[2].Args!["env"]);
        Assert.Equal(5, options.Progress.MaxMessages);
    }

    [Fact]
    public void Defaults_are_enabled_on_request_and_a_day_of_expiry()
    {
        OrchestrationsOptions options = Bind("{}");
        Assert.Equal(FeatureMode.Enabled, options.Mode);
        Assert.Equal(ApprovalMode.OnRequest, options.Approvals.Mode);
        Assert.Equal(TimeSpan.FromHours(24), options.Approvals.Expiry);
        Assert.Empty(options.Approvals.Rules);
    }

    [Fact]
    public void An_unknown_mode_fails_binding_with_the_allowed_values()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => Bind("""{"orchestrations":{"mode":"sometimes"}}"""));
        Assert.Contains("dry-run", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_values_fail_at_start_naming_the_key()
    {
        using IHost host = BuildHost("""
            {"orchestrations":{"approvals":{"expiry":"-01:00:00","rules":[{"tool":"","action":"ask"}]}}}
            """);
        OptionsValidationException ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(ex.Failures, f => f.Contains("orchestrations:approvals:expiry", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("orchestrations:approvals:rules:0:tool", StringComparison.Ordinal));
    }

    [Fact]
    public void Cancellation_polling_binds_and_defaults_to_a_two_second_interval_after_a_one_second_grace()
    {
        OrchestrationsOptions defaults = Bind("{}");
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)), (defaults.CancellationPollInterval, defaults.CancellationGrace));

        OrchestrationsOptions set = Bind("""{"orchestrations":{"cancellationPollInterval":"00:00:05","cancellationGrace":"00:00:00"}}""");
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.Zero), (set.CancellationPollInterval, set.CancellationGrace));
    }

    [Theory]
    [InlineData("00:00:00.050", "00:00:01", "orchestrations:cancellationPollInterval")]
    [InlineData("00:11:00", "00:00:01", "orchestrations:cancellationPollInterval")]
    [InlineData("-00:00:01", "00:00:01", "orchestrations:cancellationPollInterval")]
    [InlineData("00:00:02", "-00:00:01", "orchestrations:cancellationGrace")]
    [InlineData("00:00:02", "02:00:00", "orchestrations:cancellationGrace")]
    public void Bad_cancellation_polling_values_are_refused_naming_the_key(string interval, string grace, string key)
    {
        ValidateOptionsResult result = new OrchestrationsOptionsValidator().Validate(null, new OrchestrationsOptions
        {
            CancellationPollInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
            CancellationGrace = TimeSpan.Parse(grace, System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(1001, false)]
    [InlineData(1, true)]
    [InlineData(16, true)]
    [InlineData(1000, true)]
    public void The_block_cap_is_from_1_to_1000_naming_the_key(int cap, bool valid)
    {
        ValidateOptionsResult result = new OrchestrationsOptionsValidator().Validate(null, new OrchestrationsOptions { MaxBlocksPerTurn = cap });
        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains(result.Failures!, f => f.StartsWith("orchestrations:maxBlocksPerTurn", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_block_cap_defaults_to_16_and_binds_from_host_json()
    {
        Assert.Equal(16, Bind("{}").MaxBlocksPerTurn);
        Assert.Equal(3, Bind("""{"orchestrations":{"maxBlocksPerTurn":3}}""").MaxBlocksPerTurn);
    }

    [Fact]
    public void A_zero_poll_interval_turns_cancellation_polling_off_and_is_valid()
    {
        Assert.True(new OrchestrationsOptionsValidator().Validate(null, new OrchestrationsOptions { CancellationPollInterval = TimeSpan.Zero }).Succeeded);
    }

    [Fact]
    public async Task Good_values_start()
    {
        using IHost host = BuildHost("""{"orchestrations":{"approvals":{"rules":[{"tool":"exec","argvPrefix":["ls"],"action":"allow"}]}}}""");
        await host.StartAsync();
        await host.StopAsync();
    }

    private static OrchestrationsOptions Bind(string json)
    {
        ServiceCollection services = new();
        services.AddOrchestrationsOptions(Configuration(json));
        using ServiceProvider provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<OrchestrationsOptions>>().Value;
    }

    private static IHost BuildHost(string json)
    {
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddOrchestrationsOptions(Configuration(json));
        return builder.Build();
    }

    private static IConfiguration Configuration(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
}
