using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Notifications;

/// <summary>
/// The end-to-end host with <c>notifications</c> pointing at a local <see cref="WebhookReceiver"/>:
/// target 0 (<c>/hook/json</c>) signed with the receiver's secret, both events; target 1
/// (<c>/hook/slack</c>, Slack body) run-finished only; target 2 (<c>/hook/forged</c>) signed
/// with another secret, which the receiver refuses. Retries are fast (50 ms back-off).
/// </summary>
public static class NotifyingSettings
{
    public const string PublicBaseUrl = "https://harness.example.test";

    public static void Apply(Dictionary<string, string?> settings, WebhookReceiver receiver, string secretVariable, string wrongSecretVariable)
    {
        settings["notifications:publicBaseUrl"] = PublicBaseUrl + "/";
        settings["notifications:maxAttempts"] = "4";
        settings["notifications:retryDelay"] = "00:00:00.050";
        settings["notifications:targets:0:url"] = receiver.BaseUrl + "/hook/json";
        settings["notifications:targets:0:secretVariable"] = secretVariable;
        settings["notifications:targets:1:url"] = receiver.BaseUrl + "/hook/slack";
        settings["notifications:targets:1:secretVariable"] = secretVariable;
        settings["notifications:targets:1:format"] = "slack";
        settings["notifications:targets:1:events:0"] = "run-finished";
        settings["notifications:targets:2:url"] = receiver.BaseUrl + "/hook/forged";
        settings["notifications:targets:2:secretVariable"] = wrongSecretVariable;
        settings["notifications:targets:2:events:0"] = "run-finished";
    }

    /// <summary>Puts a fresh secret in a fresh variable of this process (the worker reads it there); returns the variable's name.</summary>
    public static string NewSecretVariable(string secret)
    {
        string variable = $"SH_TEST_WEBHOOK_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(variable, secret);
        return variable;
    }
}

public sealed class NotifyingHarnessFixture : HarnessFixture
{
    public WebhookReceiver Receiver { get; } = WebhookReceiver.Start($"secret-{Guid.NewGuid():N}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await this.Receiver.DisposeAsync();
    }

    protected override void AdjustSettings(Dictionary<string, string?> settings) =>
        NotifyingSettings.Apply(settings, this.Receiver, NotifyingSettings.NewSecretVariable(this.Receiver.Secret), NotifyingSettings.NewSecretVariable("not-the-receivers-secret"));
}

public sealed class NotifyingSqliteHarnessFixture : SqliteHarnessFixtureBase
{
    public WebhookReceiver Receiver { get; } = WebhookReceiver.Start($"secret-{Guid.NewGuid():N}");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await this.Receiver.DisposeAsync();
    }

    protected override void AdjustSettings(Dictionary<string, string?> settings)
    {
        base.AdjustSettings(settings);
        NotifyingSettings.Apply(settings, this.Receiver, NotifyingSettings.NewSecretVariable(this.Receiver.Secret), NotifyingSettings.NewSecretVariable("not-the-receivers-secret"));
    }
}

[CollectionDefinition(Name)]
public sealed class NotifyingCollection : ICollectionFixture<NotifyingHarnessFixture>
{
    public const string Name = "harness-notifying";
}

[CollectionDefinition(Name)]
public sealed class NotifyingSqliteCollection : ICollectionFixture<NotifyingSqliteHarnessFixture>
{
    public const string Name = "harness-notifying-sqlite";
}
