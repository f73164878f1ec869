using Microsoft.Win32.SafeHandles;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Workspaces;

/// <summary>
/// An open, verified directory of the workspace. Operations on its entries take one name (no
/// slash) and refuse to follow a final symbolic link, so they cannot leave this directory.
/// </summary>
internal sealed class DirectoryHandle : IDisposable
{
    private readonly SafeFileHandle handle;

    public DirectoryHandle(SafeFileHandle handle, string realPath)
    {
        this.handle = handle;
        this.RealPath = realPath;
    }

    /// <summary>The real path when it was opened (informational: the descriptor is what counts).</summary>
    public string RealPath { get; }

    public int Fd => (int)this.handle.DangerousGetHandle();

    /// <summary>The real path of an open descriptor, read back from <c>/proc/self/fd</c>.</summary>
    public static string RealPathOf(int fd)
    {
        string link = "/proc/self/fd/" + fd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new FileInfo(link).LinkTarget
            ?? throw ToolException.Refused(ToolErrorDetails.ConfinementUnsupported, "/proc/self/fd is not available; cannot verify paths.");
    }

    public DirectoryHandle Duplicate()
    {
        int fd = Libc.OpenAt(this.Fd, ".", Libc.ORdOnly | Libc.ODirectory | Libc.OCloExec, 0);
        return fd < 0
            ? throw ToolException.Failed(ToolErrorDetails.IoError, $"Could not reopen the directory: {Libc.Describe(Libc.LastError)}.")
            : new DirectoryHandle(new SafeFileHandle(fd, ownsHandle: true), this.RealPath);
    }

    /// <summary>Opens a child directory without following a link; null when it is not a plain directory.</summary>
    public DirectoryHandle? TryOpenChild(string name)
    {
        int fd = Libc.OpenAt(this.Fd, name, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow | Libc.OCloExec, 0);
        return fd < 0 ? null : new DirectoryHandle(new SafeFileHandle(fd, ownsHandle: true), this.RealPath + "/" + name);
    }

    /// <summary>Opens a child file for reading without following a link; null when that fails.</summary>
    public SafeFileHandle? TryOpenFile(string name)
    {
        int fd = Libc.OpenAt(this.Fd, name, Libc.ORdOnly | Libc.ONoFollow | Libc.ONonBlock | Libc.OCloExec, 0);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    public bool EntryExists(string name)
    {
        int fd = Libc.OpenAt(this.Fd, name, Libc.ORdOnly | Libc.ONoFollow | Libc.ONonBlock | Libc.OCloExec, 0);
        if (fd >= 0)
        {
            Libc.Close(fd);
            return true;
        }

        // ELOOP: the entry is itself a symbolic link, which exists.
        return Libc.LastError == Libc.ELOOP;
    }

    /// <summary>Creates a new file that did not exist (O_EXCL, no link followed) and returns it open for writing.</summary>
    public SafeFileHandle CreateNew(string name, UnixFileMode mode)
    {
        int fd = Libc.OpenAt(this.Fd, name, Libc.OWrOnly | Libc.OCreat | Libc.OExcl | Libc.ONoFollow | Libc.OCloExec, (uint)mode);
        return fd < 0
            ? throw ToolException.Failed(ToolErrorDetails.IoError, $"Could not create '{name}': {Libc.Describe(Libc.LastError)}.")
            : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Atomically replaces <paramref name="to"/> (the entry itself, never a link's target) with <paramref name="from"/>.</summary>
    public void Rename(string from, DirectoryHandle toDirectory, string to)
    {
        if (Libc.RenameAt(this.Fd, from, toDirectory.Fd, to) < 0)
        {
            throw ToolException.Failed(ToolErrorDetails.IoError, $"Could not rename '{from}' to '{to}': {Libc.Describe(Libc.LastError)}.");
        }
    }

    /// <summary>Removes an entry (a link is removed, not its target); false when it did not exist.</summary>
    public bool Unlink(string name)
    {
        if (Libc.UnlinkAt(this.Fd, name, 0) == 0)
        {
            return true;
        }

        int errno = Libc.LastError;
        return errno == Libc.ENOENT
            ? false
            : throw ToolException.Failed(ToolErrorDetails.IoError, $"Could not delete '{name}': {Libc.Describe(errno)}.");
    }

    public void Dispose() => this.handle.Dispose();
}
