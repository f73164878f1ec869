using System.Text.Json;
using System.Text.Json.Nodes;
using ScriptHarness.Orchestrations.Client;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.ScriptRuntime.Reports;
using ScriptHarness.Tests.Orchestrations.Fixtures;

namespace ScriptHarness.Tests.Orchestrations.Notifications;

/// <summary>
/// Notifications end to end against a local receiver that verifies each signature: a call that
/// waits for approval notifies once with the run, call, tool, summary, dashboard link and expiry;
/// a finished run notifies (also as a Slack body); a receiver that fails twice gets it on the
/// third attempt with the same idempotency key; a target signed with the wrong secret is
/// refused by the receiver and the run completes anyway. On in-memory and on SQLite.
/// </summary>
public abstract class NotificationTests(HarnessFixture fixture, WebhookReceiver receiver) : HarnessTestBase(fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_call_waiting_for_approval_notifies_once_with_the_run_call_tool_summary_link_and_expiry()
    {
        string id = await this.StartAsync("const r = await tools.record({ target: 'prod-db' }); return r.recorded;");
        await this.WaitForPendingAsync(id, 1);
        IReadOnlyList<WebhookReceiver.Received> got = await receiver.WaitForAsync(all => all.Any(r => r.Body.Contains(id, StringComparison.Ordinal) && r.Event == NotificationEvents.AwaitingApproval), Wait);

        WebhookReceiver.Received asked = Assert.Single(got, r => r.Body.Contains(id, StringComparison.Ordinal) && r.Event == NotificationEvents.AwaitingApproval);
        Assert.Equal("json", asked.Target);
        Assert.True(asked.Verified);
        Assert.Equal($"{id}:1:awaiting-approval", asked.IdempotencyKey);
        JsonNode body = JsonNode.Parse(asked.Body)!;
        Assert.Equal("awaiting-approval", body["event"]!.GetValue<string>());
        Assert.Equal(id, body["runId"]!.GetValue<string>());
        Assert.Equal(1, body["callId"]!.GetValue<int>());
        Assert.Equal("record", body["tool"]!.GetValue<string>());
        Assert.Contains("prod-db", body["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"{NotifyingSettings.PublicBaseUrl}/runs/{id}", body["dashboardUrl"]!.GetValue<string>());
        Assert.True(body["expiresAt"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(asked.IdempotencyKey, body["idempotencyKey"]!.GetValue<string>());

        await this.Runs.DecideAsync(id, 1, Approve());
        RunView done = await this.WaitForEndAsync(id);
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        Assert.Single(receiver.For(id), r => r.Event == NotificationEvents.AwaitingApproval);
    }

    [Fact]
    public async Task A_finished_run_notifies_as_json_and_as_a_slack_body_and_a_wrongly_signed_target_never_fails_the_run()
    {
        RunView done = await this.RunToEndAsync("return await tools.add({ a: 1, b: 2 });");
        string id = done.InstanceId;
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);
        IReadOnlyList<WebhookReceiver.Received> got = receiver.For(id);

        WebhookReceiver.Received json = Assert.Single(got, r => r.Target == "json");
        Assert.True(json.Verified);
        Assert.Equal($"{id}:run-finished", json.IdempotencyKey);
        JsonNode body = JsonNode.Parse(json.Body)!;
        Assert.Equal("run-finished", body["event"]!.GetValue<string>());
        Assert.Equal("Completed", body["status"]!.GetValue<string>());

        WebhookReceiver.Received slack = Assert.Single(got, r => r.Target == "slack");
        Assert.True(slack.Verified);
        string text = JsonNode.Parse(slack.Body)!["text"]!.GetValue<string>();
        Assert.Contains($"<{NotifyingSettings.PublicBaseUrl}/runs/{id}|Open the run>", text, StringComparison.Ordinal);

        // Signed with another secret: the receiver refuses it (401, not retried), the run completed regardless.
        WebhookReceiver.Received forged = Assert.Single(got, r => r.Target == "forged");
        Assert.False(forged.Verified);
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_notification_on_the_third_attempt_with_the_same_idempotency_key()
    {
        // The run-finished notices go to the targets in order: the json target's first two attempts get 503.
        receiver.FailNext(2);
        RunView done = await this.RunToEndAsync("return 1;");
        Assert.Equal(ScriptRunStatus.Completed, done.Output!.Report.Status);

        List<WebhookReceiver.Received> json = [.. receiver.For(done.InstanceId).Where(r => r.Target == "json")];
        Assert.Equal(3, json.Count);
        Assert.All(json, r => Assert.True(r.Verified));
        Assert.All(json, r => Assert.Equal($"{done.InstanceId}:run-finished", r.IdempotencyKey));
        Assert.Equal([true, true, false], json.Select(r => r.AnsweredFailure));

        // The deliveries are recorded in the run's history: json and slack delivered, the forged target not.
        ScriptHarness.Orchestrations.Client.Audit.RunAudit audit = await this.Runs.GetAuditAsync(done.InstanceId);
        Assert.Contains(audit.Entries, e => e.Kind == ScriptHarness.Orchestrations.Client.Audit.AuditKind.Notified && e.Outcome == "2/3 delivered");
    }

    [Fact]
    public async Task Slack_text_escapes_what_the_model_wrote()
    {
        RunView done = await this.RunToEndAsync("throw new Error('<!channel> & <https://evil.example|click>');");
        WebhookReceiver.Received slack = Assert.Single(receiver.For(done.InstanceId), r => r.Target == "slack");
        string text = JsonNode.Parse(slack.Body)!["text"]!.GetValue<string>();
        Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<https://evil.example", text, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;", text, StringComparison.Ordinal);
    }
}

[Collection(NotifyingCollection.Name)]
public sealed class InMemoryNotificationTests(NotifyingHarnessFixture fixture) : NotificationTests(fixture, fixture.Receiver);

[Collection(NotifyingSqliteCollection.Name)]
public sealed class SqliteNotificationTests(NotifyingSqliteHarnessFixture fixture) : NotificationTests(fixture, fixture.Receiver);
