using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ScriptHarness.Orchestrations.Notifications;

namespace ScriptHarness.Tests.Orchestrations.Notifications;

/// <summary>
/// A local webhook receiver (Kestrel on a free loopback port) that does what the README tells
/// receivers to do: verify the signature with <see cref="WebhookSignature.Verify"/> against its
/// secret (401 when it fails) and count deliveries by idempotency key. <see cref="FailNext"/>
/// makes it answer 503 to the next requests, to exercise the sender's retries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int failNext;

    private WebhookReceiver(WebApplication app, string secret)
    {
        this.app = app;
        this.Secret = secret;
    }

    public string Secret { get; }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    public static WebhookReceiver Start(string secret)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        WebhookReceiver receiver = new(app, secret);
        app.MapPost("/hook/{name}", receiver.HandleAsync);
        app.StartAsync().GetAwaiter().GetResult();
        receiver.BaseUrl = app.Urls.First();
        return receiver;
    }

    /// <summary>Answers 503 to the next <paramref name="count"/> requests.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref this.failNext, count);

    public IReadOnlyList<Received> For(string runId) => [.. this.Requests.Where(r => r.Body.Contains(runId, StringComparison.Ordinal))];

    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> condition, TimeSpan patience)
    {
        using CancellationTokenSource timeout = new(patience);
        while (!condition([.. this.Requests]))
        {
            await Task.Delay(25, timeout.Token);
        }

        return [.. this.Requests];
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(string name, HttpRequest request)
    {
        using StreamReader reader = new(request.Body);
        string body = await reader.ReadToEndAsync();
        bool verified = WebhookSignature.Verify(request.Headers[WebhookSignature.Header], body, this.Secret, DateTimeOffset.UtcNow);
        bool fail = Interlocked.Decrement(ref this.failNext) >= 0;
        this.Requests.Enqueue(new Received(
            name,
            body,
            request.Headers[WebhookSignature.IdempotencyKeyHeader].ToString(),
            request.Headers[WebhookSignature.EventHeader].ToString(),
            verified,
            fail));
        if (!verified)
        {
            return Results.Unauthorized();
        }

        return fail ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Ok();
    }

    public sealed record Received(string Target, string Body, string IdempotencyKey, string Event, bool Verified, bool AnsweredFailure);
}
