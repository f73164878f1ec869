using ScriptHarness.Orchestrations.Notifications;

namespace ScriptHarness.Tests.Orchestrations.Notifications;

/// <summary>Webhook settings are checked at start-up and refused with the key and the allowed values.</summary>
public sealed class NotificationsOptionsTests
{
    private static IReadOnlyList<string> Problems(NotificationsOptions options) =>
        new NotificationsOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    private static NotificationsOptions With(string url, string? secretVariable = "HOOK_SECRET", params string[] events)
    {
        NotificationsOptions options = new();
        NotificationTargetOptions target = new() { Url = url, SecretVariable = secretVariable };
        foreach (string e in events)
        {
            target.Events.Add(e);
        }

        options.Targets.Add(target);
        return options;
    }

    [Fact]
    public void An_https_target_with_a_secret_variable_is_valid_and_travels_in_the_run_input_without_the_secret()
    {
        NotificationsOptions options = With("https://hooks.example.test/x");
        options.PublicBaseUrl = "https://harness.example.test/";
        Assert.Empty(Problems(options));
        RunNotifications run = options.ForRun()!;
        Assert.Equal("https://harness.example.test", run.PublicBaseUrl);
        Assert.Equal(NotificationEvents.All, run.Targets[0].Events);
        Assert.Equal("HOOK_SECRET", run.Targets[0].SecretVariable);
    }

    [Theory]
    [InlineData("ftp://hooks.example.test/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("hooks.example.test/x")]
    [InlineData("https://user:pass@hooks.example.test/x")]
    public void A_target_url_that_is_not_absolute_http_or_https_is_refused_naming_the_key(string url) =>
        Assert.Contains(Problems(With(url)), p => p.StartsWith("notifications:targets:0:url", StringComparison.Ordinal));

    [Fact]
    public void An_unknown_event_a_missing_secret_variable_and_a_bad_base_url_are_refused()
    {
        NotificationsOptions options = With("https://hooks.example.test/x", secretVariable: null, "run-started");
        options.PublicBaseUrl = "javascript:alert(1)";
        IReadOnlyList<string> problems = Problems(options);
        Assert.Contains(problems, p => p.Contains("'run-started', which is not one of awaiting-approval, run-finished", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("notifications:targets:0:secretVariable", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("notifications:publicBaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void No_targets_means_nothing_travels_in_the_run_input() => Assert.Null(new NotificationsOptions().ForRun());
}
