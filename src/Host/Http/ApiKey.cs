using System.Security.Cryptography;
using System.Text;

namespace ScriptHarness.Host.Http;

/// <summary>
/// The HTTP API's shared secret, held only as its SHA-256 digest so the key itself is never kept,
/// logged or stored. Its public id (a prefix of the digest) is what the audit trail records.
/// </summary>
internal sealed class ApiKey
{
    private readonly byte[] digest;

    private ApiKey(byte[] digest)
    {
        this.digest = digest;
        this.Id = "key-" + Convert.ToHexStringLower(digest.AsSpan(0, 6));
    }

    /// <summary>A stable, non-secret identifier of the key for audit records.</summary>
    public string Id { get; }

    /// <summary>Creates the key from its secret text; null for a missing or blank secret.</summary>
    public static ApiKey? FromSecret(string? secret) =>
        string.IsNullOrWhiteSpace(secret) ? null : new ApiKey(SHA256.HashData(Encoding.UTF8.GetBytes(secret.Trim())));

    /// <summary>Whether <paramref name="presented"/> is this key, compared in constant time.</summary>
    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        byte[] candidate = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(candidate, this.digest);
    }
}
