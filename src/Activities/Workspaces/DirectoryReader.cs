using System.Runtime.InteropServices;

namespace ScriptHarness.Activities.Workspaces;

/// <summary>
/// Reads the names and types of a directory's entries from an open descriptor with
/// <c>readdir</c>, which reports each entry's type without a <c>stat</c> per entry (the
/// managed enumerator stats every entry to fill its attributes, which dominated walks).
/// </summary>
internal static class DirectoryReader
{
    // struct dirent on 64-bit Linux (glibc and musl): d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
    private const int TypeOffset = 18;
    private const int NameOffset = 19;

    private const byte DtUnknown = 0;
    private const byte DtDir = 4;
    private const byte DtReg = 8;
    private const byte DtLnk = 10;

    /// <summary>The entries of <paramref name="directory"/> (without <c>.</c> and <c>..</c>), unsorted.</summary>
    public static List<(string Name, EntryType Type)> Read(DirectoryHandle directory)
    {
        // fdopendir takes over the descriptor it is given: give it a fresh one of the same directory.
        int fd = Libc.OpenAt(directory.Fd, ".", Libc.ORdOnly | Libc.ODirectory | Libc.OCloExec, 0);
        if (fd < 0)
        {
            return [];
        }

        IntPtr stream = Libc.FdOpenDir(fd);
        if (stream == IntPtr.Zero)
        {
            Libc.Close(fd);
            return [];
        }

        var entries = new List<(string, EntryType)>();
        try
        {
            while (true)
            {
                IntPtr entry = Libc.ReadDir(stream);
                if (entry == IntPtr.Zero)
                {
                    return entries;
                }

                string? name = Marshal.PtrToStringUTF8(entry + NameOffset);
                if (name is null or "." or "..")
                {
                    continue;
                }

                byte type = Marshal.ReadByte(entry + TypeOffset);
                entries.Add((name, type switch
                {
                    DtDir => EntryType.Directory,
                    DtLnk => EntryType.Symlink,
                    DtReg => EntryType.File,
                    DtUnknown => TypeOf(directory, name),
                    _ => EntryType.Other,
                }));
            }
        }
        finally
        {
            Libc.CloseDir(stream);
        }
    }

    // Some file systems do not fill d_type: ask by opening without following a link.
    private static EntryType TypeOf(DirectoryHandle directory, string name)
    {
        using DirectoryHandle? child = directory.TryOpenChild(name);
        if (child is not null)
        {
            return EntryType.Directory;
        }

        return Libc.LastError == Libc.ELOOP ? EntryType.Symlink : EntryType.File;
    }
}
