using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ScriptHarness.Orchestrations.Notifications;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.EndToEnd;

/// <summary>
/// At least once, with one idempotency key: <c>serve</c> is SIGKILLed while its worker delivers
/// the "waiting for approval" notification (the receiver holds the first request open); the
/// restarted server runs the notification activity again, and the receiver gets the same
/// notification, with the same key and a valid signature, and can drop the repeat.
/// </summary>
public sealed class NotificationCrashTests : IAsyncLifetime
{
    private const string SecretVariable = "SH_TEST_HOOK_SECRET";
    private readonly string secret = $"hook-{Guid.NewGuid():N}";
    private readonly TempHome home = new();
    private readonly ConcurrentQueue<(string Key, bool Verified, string Body)> received = new();
    private readonly TaskCompletionSource firstArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource hold = new();
    private WebApplication receiver = null!;
    private Server server = null!;

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        this.receiver = builder.Build();
        this.receiver.MapPost("/hook", this.ReceiveAsync);
        await this.receiver.StartAsync();

        this.home.WriteHostJson(new JsonObject
        {
            ["durable"] = new JsonObject { ["sqlite"] = new JsonObject { ["lockTimeout"] = "00:00:05" } },
            ["notifications"] = new JsonObject
            {
                ["publicBaseUrl"] = "https://harness.example.test",
                ["attemptTimeout"] = "00:02:00",
                ["targets"] = new JsonArray(new JsonObject
                {
                    ["url"] = this.receiver.Urls.First() + "/hook",
                    ["secretVariable"] = SecretVariable,
                    ["events"] = new JsonArray("awaiting-approval"),
                }),
            },
        });
        this.server = new Server(this.home, new Dictionary<string, string?> { [SecretVariable] = this.secret });
        await this.server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await this.hold.CancelAsync();
        await this.server.DisposeAsync();
        await this.receiver.DisposeAsync();
        this.hold.Dispose();
        this.home.Dispose();
    }

    [Fact]
    public async Task A_server_killed_while_it_delivers_a_notification_delivers_it_again_after_the_restart_with_the_same_idempotency_key()
    {
        (_, string[] runs) = await this.server.StartTurnAsync(Scripts.Block($"const r = {Scripts.AskingCommand};\nreturn r.exitCode;"), this.home.NewWorkspace());
        string runId = runs[0];
        await this.firstArrived.Task.WaitAsync(TimeSpan.FromSeconds(90));

        await this.server.KillAsync();
        await this.server.StartAsync();
        using (CancellationTokenSource patience = new(TimeSpan.FromSeconds(120)))
        {
            while (this.received.Count < 2)
            {
                await Task.Delay(50, patience.Token);
            }
        }

        (string Key, bool Verified, string Body)[] got = [.. this.received];
        Assert.All(got, r => Assert.True(r.Verified));
        Assert.All(got, r => Assert.Equal($"{runId}:1:awaiting-approval", r.Key));
        Assert.All(got, r => Assert.Equal(runId, JsonNode.Parse(r.Body)!["runId"]!.GetValue<string>()));

        (HttpResponseMessage response, _) = await this.server.PostAsync($"/api/runs/{runId}/approvals/1", new { decision = "approve", decidedBy = "reviewer" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonNode report = (await this.server.WaitForReportAsync(runId))["report"]!;
        Assert.Equal("completed", report["status"]!.GetValue<string>());

        // One "asked" in the history (the activity was scheduled once), delivered by the second attempt.
        JsonNode audit = await this.server.GetJsonAsync($"/api/runs/{runId}/history?view=audit");
        Assert.Single(audit["entries"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "asked");
        Assert.Contains(audit["entries"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "notified" && e["outcome"]!.GetValue<string>() == "1/1 delivered");
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using StreamReader reader = new(request.Body);
        string body = await reader.ReadToEndAsync();
        bool verified = WebhookSignature.Verify(request.Headers[WebhookSignature.Header], body, this.secret, DateTimeOffset.UtcNow);
        this.received.Enqueue((request.Headers[WebhookSignature.IdempotencyKeyHeader].ToString(), verified, body));
        if (this.firstArrived.TrySetResult())
        {
            // The first delivery never gets an answer: the server is killed while it waits.
            await Task.Delay(Timeout.Infinite, this.hold.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return verified ? Results.Ok() : Results.Unauthorized();
    }
}
