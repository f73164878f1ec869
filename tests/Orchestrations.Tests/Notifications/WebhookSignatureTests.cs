using ScriptHarness.Orchestrations.Notifications;

namespace ScriptHarness.Tests.Orchestrations.Notifications;

/// <summary>The receivers' verification recipe (<see cref="WebhookSignature.Verify"/>): forgeries, tampering and replays fail.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec-test-1";
    private const string Body = """{"event":"run-finished","runId":"sh-1"}""";
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_signature_made_with_the_secret_verifies()
    {
        string header = WebhookSignature.Sign(Secret, Now, Body);
        Assert.Matches("^t=[0-9]+,v1=[0-9a-f]{64}$", header);
        Assert.True(WebhookSignature.Verify(header, Body, Secret, Now.AddSeconds(30)));
    }

    [Fact]
    public void A_signature_made_with_another_secret_fails()
    {
        string forged = WebhookSignature.Sign("attacker-guess", Now, Body);
        Assert.False(WebhookSignature.Verify(forged, Body, Secret, Now));
    }

    [Fact]
    public void A_changed_body_or_a_moved_timestamp_fails()
    {
        string header = WebhookSignature.Sign(Secret, Now, Body);
        Assert.False(WebhookSignature.Verify(header, Body.Replace("sh-1", "sh-2", StringComparison.Ordinal), Secret, Now));
        string v1 = header[header.IndexOf("v1=", StringComparison.Ordinal)..];
        string moved = $"t={Now.AddMinutes(1).ToUnixTimeSeconds()},{v1}";
        Assert.False(WebhookSignature.Verify(moved, Body, Secret, Now.AddMinutes(1)));
    }

    [Fact]
    public void A_replay_outside_the_tolerance_fails()
    {
        string header = WebhookSignature.Sign(Secret, Now, Body);
        Assert.False(WebhookSignature.Verify(header, Body, Secret, Now.AddMinutes(6)));
        Assert.True(WebhookSignature.Verify(header, Body, Secret, Now.AddMinutes(6), TimeSpan.FromMinutes(10)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=00")]
    [InlineData("t=1,v1=zz")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_missing_or_malformed_header_fails(string? header) =>
        Assert.False(WebhookSignature.Verify(header, Body, Secret, Now));
}
