using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ScriptHarness.Orchestrations.Notifications;

/// <summary>
/// The signature of a notification, for senders and receivers: HMAC-SHA256 with the target's
/// secret over <c>{unix seconds}.{body}</c>, sent as <c>X-ScriptHarness-Signature: t={unix seconds},v1={lowercase hex}</c>.
/// A receiver checks it with <see cref="Verify"/> (constant-time, and refusing a timestamp
/// outside its tolerance, so a captured request cannot be replayed later), then drops a repeated
/// <c>Idempotency-Key</c>.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string Header = "X-ScriptHarness-Signature";

    /// <summary>The header that carries <see cref="Notification.IdempotencyKey"/>.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The header that carries <see cref="Notification.Event"/>.</summary>
    public const string EventHeader = "X-ScriptHarness-Event";

    /// <summary>The default tolerance of <see cref="Verify"/> between the signed time and the receiver's clock.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="timestamp"/> with <paramref name="secret"/>.</summary>
    public static string Sign(string secret, DateTimeOffset timestamp, string body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentNullException.ThrowIfNull(body);
        long unix = timestamp.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={unix},v1={Convert.ToHexStringLower(Mac(secret, unix, body))}");
    }

    /// <summary>
    /// Whether <paramref name="header"/> signs <paramref name="body"/> (the raw request body, as
    /// received) with <paramref name="secret"/> at a time within <paramref name="tolerance"/>
    /// (default 5 min) of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string? header, string body, string secret, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!TryParse(header, out long unix, out byte[]? signature))
        {
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() > (tolerance ?? DefaultTolerance))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Mac(secret, unix, body), signature);
    }

    private static byte[] Mac(string secret, long unix, string body) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{unix}.{body}")));

    private static bool TryParse(string? header, out long unix, out byte[] signature)
    {
        unix = 0;
        signature = [];
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        bool haveTime = false;
        foreach (string part in header.Split(','))
        {
            string[] pair = part.Trim().Split('=', 2);
            if (pair.Length != 2)
            {
                return false;
            }

            if (pair[0] == "t")
            {
                haveTime = long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out unix);
            }
            else if (pair[0] == "v1" && pair[1].Length == 64)
            {
                try
                {
                    signature = Convert.FromHexString(pair[1]);
                }
                catch (FormatException)
                {
                    return false;
                }
            }
        }

        return haveTime && signature.Length == 32;
    }
}
