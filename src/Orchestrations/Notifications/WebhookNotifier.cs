using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ScriptHarness.Durable.Backends;

namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// Delivers a notification to a run's targets (activity code, never orchestrator code): signs
/// each body (<see cref="WebhookSignature"/>) with the secret its variable holds, POSTs it with
/// the idempotency key, and retries a network error, a timeout, 408, 425, 429 or 5xx with
/// exponential back-off (<c>notifications:maxAttempts</c>, <c>retryDelay</c>). Redirects are not
/// followed. Every failure is logged (without the secret or the URL's path) and returned.
/// </summary>
public sealed class WebhookNotifier : IDisposable
{
    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly IOptionsMonitor<NotificationsOptions> options;
    private readonly ILogger<WebhookNotifier> logger;
    private readonly IDurableSecretReader? secrets;
    private readonly TimeProvider time;
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Creates the notifier; <paramref name="secrets"/> reads the signing secrets (the environment when null).</summary>
    public WebhookNotifier(IOptionsMonitor<NotificationsOptions> options, ILogger<WebhookNotifier> logger, IDurableSecretReader? secrets = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        this.options = options;
        this.logger = logger;
        this.secrets = secrets;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The dashboard link of <paramref name="runId"/>, or null without <c>publicBaseUrl</c>.</summary>
    public static string? DashboardUrl(RunNotifications notifications, string runId)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        return notifications.PublicBaseUrl is { Length: > 0 } baseUrl ? $"{baseUrl}/runs/{Uri.EscapeDataString(runId)}" : null;
    }

    /// <summary>The Slack body's text: the summary and the link, with Slack's control characters escaped.</summary>
    public static string SlackText(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        StringBuilder text = new();
        text.Append("ScriptHarness: ").Append(SlackEscape(notification.Summary));
        if (notification.ExpiresAt is { } expires)
        {
            text.Append(CultureInfo.InvariantCulture, $" (expires {expires:u})");
        }

        if (notification.DashboardUrl is { } url)
        {
            text.Append(" <").Append(SlackEscape(url)).Append("|Open the run>");
        }

        return text.ToString();
    }

    /// <summary>Sends <paramref name="notification"/> to each target of <paramref name="notifications"/> that wants its event.</summary>
    public async Task<IReadOnlyList<NotificationDelivery>> DeliverAsync(Notification notification, RunNotifications notifications, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(notifications);
        List<NotificationDelivery> deliveries = [];
        for (int i = 0; i < notifications.Targets.Count; i++)
        {
            NotificationTarget target = notifications.Targets[i];
            if (target.Events.Contains(notification.Event, StringComparer.Ordinal))
            {
                NotificationDelivery delivery = await this.DeliverAsync(i, target, notification, cancellationToken).ConfigureAwait(false);
                if (!delivery.Delivered)
                {
                    this.logger.NotificationFailed(notification.Event, notification.RunId, i, HostOf(target.Url), delivery.Attempts, delivery.Error ?? "unknown");
                }

                deliveries.Add(delivery);
            }
        }

        return deliveries;
    }

    /// <inheritdoc />
    public void Dispose() => this.http.Dispose();

    private async Task<NotificationDelivery> DeliverAsync(int index, NotificationTarget target, Notification notification, CancellationToken cancellationToken)
    {
        string? secret = this.secrets?.Read(target.SecretVariable) ?? Environment.GetEnvironmentVariable(target.SecretVariable);
        if (string.IsNullOrEmpty(secret))
        {
            // Never sent unsigned: a receiver could not tell it from a forgery.
            return new NotificationDelivery(index, false, 0, Error: "secret-missing");
        }

        string body = target.Format == NotificationFormat.Slack
            ? JsonSerializer.Serialize(new { text = SlackText(notification) }, BodyOptions)
            : JsonSerializer.Serialize(notification, BodyOptions);
        NotificationsOptions settings = this.options.CurrentValue;
        int attempts = Math.Max(1, settings.MaxAttempts);
        int? status = null;
        string error = "network";
        for (int attempt = 1; attempt <= attempts; attempt++)
        {
            if (attempt > 1)
            {
                TimeSpan delay = settings.RetryDelay * Math.Pow(2, attempt - 2);
                await Task.Delay(delay, this.time, cancellationToken).ConfigureAwait(false);
            }

            using HttpRequestMessage request = new(HttpMethod.Post, target.Url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(secret, this.time.GetUtcNow(), body));
            request.Headers.TryAddWithoutValidation(WebhookSignature.IdempotencyKeyHeader, notification.IdempotencyKey);
            request.Headers.TryAddWithoutValidation(WebhookSignature.EventHeader, notification.Event);
            using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.AttemptTimeout);
            try
            {
                using HttpResponseMessage response = await this.http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return new NotificationDelivery(index, true, attempt, status);
                }

                error = string.Create(CultureInfo.InvariantCulture, $"http-{status}");
                if (!Retriable(response.StatusCode))
                {
                    return new NotificationDelivery(index, false, attempt, status, error);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = "timeout";
            }
            catch (HttpRequestException)
            {
                error = "network";
            }
        }

        return new NotificationDelivery(index, false, attempts, status, error);
    }

    private static bool Retriable(HttpStatusCode code) =>
        code is HttpStatusCode.RequestTimeout or (HttpStatusCode)425 or HttpStatusCode.TooManyRequests || (int)code >= 500;

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) ? uri.Authority : "?";

    private static string SlackEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
