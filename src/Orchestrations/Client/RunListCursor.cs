using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// The continuation token of a newest-first list: the (creation time, id) of the page's last item,
/// so the next page starts strictly after it even when runs were added or removed meanwhile.
/// Opaque to callers (base64url); a token that does not parse is refused as <c>invalid-request</c>.
/// </summary>
internal readonly record struct RunListCursor(long CreatedTicks, string InstanceId)
{
    private const string Version = "1";

    /// <summary>Whether <paramref name="item"/> comes after this cursor in newest-first order.</summary>
    public bool Precedes(RunListItem item) =>
        item.CreatedAt.UtcTicks < this.CreatedTicks ||
        (item.CreatedAt.UtcTicks == this.CreatedTicks && string.CompareOrdinal(item.InstanceId, this.InstanceId) < 0);

    public static RunListCursor After(RunListItem item) => new(item.CreatedAt.UtcTicks, item.InstanceId);

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}:{this.CreatedTicks}:{this.InstanceId}")));

    public static RunListCursor Parse(string token)
    {
        try
        {
            string[] parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split(':', 3);
            if (parts is [Version, string ticks, { Length: > 0 } id] && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out long created))
            {
                return new RunListCursor(created, id);
            }
        }
        catch (FormatException)
        {
        }

        throw new ScriptRunClientException(ClientErrorCode.InvalidRequest, "continuationToken is not a token this list handed out.");
    }
}
