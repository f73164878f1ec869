using System.Globalization;
using System.Text;
using ScriptHarness.Activities.Files;

namespace ScriptHarness.Activities.Exec;

/// <summary>
/// Keeps the first and last bytes of a process stream within a cap, counting what falls
/// between, so a chatty command cannot exhaust memory and the model still sees how it began and
/// how it ended.
/// </summary>
internal sealed class OutputCapture
{
    private readonly byte[] head;
    private readonly byte[] tail;
    private int headLength;
    private long tailWritten;

    public OutputCapture(int capBytes)
    {
        this.head = new byte[capBytes / 2];
        this.tail = new byte[capBytes - (capBytes / 2)];
    }

    /// <summary>All bytes the stream produced.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Whether bytes were dropped.</summary>
    public bool Truncated => this.tailWritten > this.tail.Length;

    public void Append(ReadOnlySpan<byte> data)
    {
        this.TotalBytes += data.Length;
        int toHead = Math.Min(data.Length, this.head.Length - this.headLength);
        data[..toHead].CopyTo(this.head.AsSpan(this.headLength));
        this.headLength += toHead;
        data = data[toHead..];

        // Only the last tail-length bytes of a big chunk can survive; skip the rest.
        int skipped = Math.Max(0, data.Length - this.tail.Length);
        this.tailWritten += skipped;
        foreach (byte b in data[skipped..])
        {
            this.tail[this.tailWritten++ % this.tail.Length] = b;
        }
    }

    /// <summary>Copies a stream into the capture until it ends.</summary>
    public async Task DrainAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            this.Append(buffer.AsSpan(0, read));
        }
    }

    /// <summary>The kept text: head, a marker naming the omitted byte count, tail; invalid UTF-8 becomes U+FFFD.</summary>
    public string ToText()
    {
        int tailLength = (int)Math.Min(this.tailWritten, this.tail.Length);
        byte[] tailBytes = new byte[tailLength];
        long start = this.tailWritten - tailLength;
        for (int i = 0; i < tailLength; i++)
        {
            tailBytes[i] = this.tail[(start + i) % this.tail.Length];
        }

        if (!this.Truncated)
        {
            byte[] all = new byte[this.headLength + tailLength];
            this.head.AsSpan(0, this.headLength).CopyTo(all);
            tailBytes.CopyTo(all.AsSpan(this.headLength));
            return TextDecoding.Decode(all);
        }

        ReadOnlySpan<byte> headSpan = TrimIncompleteEnd(this.head.AsSpan(0, this.headLength));
        ReadOnlySpan<byte> tailSpan = TrimContinuationStart(tailBytes);
        long omitted = this.TotalBytes - headSpan.Length - tailSpan.Length;
        return new StringBuilder()
            .Append(TextDecoding.Decode(headSpan))
            .Append(CultureInfo.InvariantCulture, $"\n… [{omitted} bytes omitted] …\n")
            .Append(Encoding.UTF8.GetString(tailSpan))
            .ToString();
    }

    // A cut inside a multi-byte UTF-8 sequence would decode as U+FFFD: cut at a character boundary.
    private static ReadOnlySpan<byte> TrimIncompleteEnd(ReadOnlySpan<byte> bytes)
    {
        for (int back = 1; back <= Math.Min(3, bytes.Length); back++)
        {
            byte b = bytes[^back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? bytes[..^back] : bytes;
        }

        return bytes;
    }

    private static ReadOnlySpan<byte> TrimContinuationStart(ReadOnlySpan<byte> bytes)
    {
        int skip = 0;
        while (skip < Math.Min(3, bytes.Length) && (bytes[skip] & 0xC0) == 0x80)
        {
            skip++;
        }

        return bytes[skip..];
    }
}
