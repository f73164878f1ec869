using Microsoft.Win32.SafeHandles;

namespace ScriptHarness.Activities.Workspaces;

/// <summary>Reads bytes from an open file handle.</summary>
internal static class FileContent
{
    /// <summary>Whether the handle is a regular (seekable) file, not a pipe, socket or device.</summary>
    public static bool IsRegular(SafeFileHandle file)
    {
        try
        {
            _ = RandomAccess.GetLength(file);
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Reads the whole file, up to <paramref name="maxBytes"/> bytes; nothing from a pipe or device.</summary>
    public static byte[] ReadAll(SafeFileHandle file, long maxBytes)
    {
        long length;
        try
        {
            length = Math.Min(RandomAccess.GetLength(file), maxBytes);
        }
        catch (NotSupportedException)
        {
            return [];
        }

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
