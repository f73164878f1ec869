using Microsoft.Win32.SafeHandles;

namespace ScriptHarness.Activities.Workspaces;

/// <summary>Reads bytes from an open file handle.</summary>
internal static class FileContent
{
    /// <summary>Reads the whole file, up to <paramref name="maxBytes"/> bytes.</summary>
    public static byte[] ReadAll(SafeFileHandle file, long maxBytes)
    {
        long length = Math.Min(RandomAccess.GetLength(file), maxBytes);
        var buffer = new byte[length];
        int total = 0;
        while (total < buffer.Length)
        {
            int read = RandomAccess.Read(file, buffer.AsSpan(total), total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total == buffer.Length ? buffer : buffer[..total];
    }

    /// <summary>Whether the bytes look binary: a NUL in the first 8 KiB, as git decides.</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> bytes) => bytes[..Math.Min(bytes.Length, 8192)].Contains((byte)0);
}
