using System.Text;

namespace ScriptHarness.Activities.Files;

/// <summary>Decodes file and process bytes as UTF-8, replacing invalid sequences with U+FFFD.</summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether the bytes are valid UTF-8.</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    /// <summary>Decodes lossily (invalid bytes become U+FFFD) and strips a UTF-8 byte order mark.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Decodes strictly; null when the bytes are not valid UTF-8.</summary>
    public static string? DecodeStrict(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
