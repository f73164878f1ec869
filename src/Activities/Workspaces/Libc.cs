using System.Runtime.InteropServices;

namespace ScriptHarness.Activities.Workspaces;

/// <summary>
/// The few POSIX calls .NET does not expose: the <c>*at</c> family operates on a directory
/// handle we have verified, so a path component swapped for a symbolic link after the check
/// cannot redirect the operation.
/// </summary>
internal static partial class Libc
{
    public const int AtFdCwd = -100;
    public const int AtRemoveDir = 0x200;

    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;

    public const int ORdOnly = 0;
    public const int OWrOnly = 1;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int OPath = 0x200000;

    // O_DIRECTORY and O_NOFOLLOW are the two flags whose values differ between Linux ABIs.
    public static readonly int ODirectory = IsArm ? 0x4000 : 0x10000;
    public static readonly int ONoFollow = IsArm ? 0x8000 : 0x20000;

    private static bool IsArm => RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64;

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int dirFd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkdirAt(int dirFd, string path, uint mode);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(int oldDirFd, string oldPath, int newDirFd, string newPath);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(int dirFd, string path, int flags);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    public static partial IntPtr FdOpenDir(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    public static partial IntPtr ReadDir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    public static partial int CloseDir(IntPtr dir);

    /// <summary>The errno of the last failed call above.</summary>
    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>A readable text for an errno.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
