using Microsoft.Win32.SafeHandles;
using ScriptHarness.Activities.Tools;

namespace ScriptHarness.Activities.Workspaces;

/// <summary>
/// The run's workspace directory and the only way tools reach files. Every path is relative to
/// the root; absolute paths and <c>..</c> that climbs out are refused before anything is opened.
/// Symbolic links are confined by checking what was actually opened: each open returns a
/// descriptor whose real path (read back from <c>/proc/self/fd</c>) must lie under the root, so a
/// link pointing out, or a component swapped for a link between any check and the open, is
/// refused instead of followed. Writes go through a verified directory descriptor and the
/// <c>*at</c> calls with a single, link-refusing final component.
/// </summary>
public sealed class Workspace : IDisposable
{
    private readonly DirectoryHandle root;

    private Workspace(DirectoryHandle root)
    {
        this.root = root;
    }

    /// <summary>The canonical (link-free) absolute path of the root.</summary>
    public string Root => this.root.RealPath;

    /// <summary>Test seam: runs after a path passed its lexical check and before it is opened.</summary>
    internal Action<string>? BeforeOpen { get; set; }

    /// <summary>Opens the workspace at <paramref name="path"/>.</summary>
    /// <exception cref="ToolException"><c>workspace-missing</c> when it is not a directory on this worker.</exception>
    public static Workspace Open(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw ToolException.Refused(ToolErrorDetails.ConfinementUnsupported, "Workspace confinement needs Linux (/proc/self/fd and the *at calls).");
        }

        if (string.IsNullOrEmpty(path) || !Path.IsPathFullyQualified(path))
        {
            throw ToolException.Refused(ToolErrorDetails.WorkspaceMissing, $"The workspace path '{path}' is not an absolute path.");
        }

        int fd = Libc.OpenAt(Libc.AtFdCwd, path, Libc.ORdOnly | Libc.ODirectory | Libc.OCloExec, 0);
        if (fd < 0)
        {
            throw ToolException.Failed(ToolErrorDetails.WorkspaceMissing, $"The workspace directory '{path}' does not exist on this worker ({Libc.Describe(Libc.LastError)}).");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        return new Workspace(new DirectoryHandle(handle, DirectoryHandle.RealPathOf(fd)));
    }

    /// <summary>
    /// Normalizes a script-supplied path to a relative path with <c>/</c> separators ("" is the
    /// root). Refuses absolute paths, NUL characters and <c>..</c> that climbs above the root.
    /// </summary>
    public string Resolve(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == ".")
        {
            return string.Empty;
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, "The path contains a NUL character.");
        }

        if (path.StartsWith('/') || path.StartsWith('~'))
        {
            throw Outside(path, "absolute paths are refused; give a path relative to the workspace root");
        }

        var parts = new List<string>();
        foreach (string part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw Outside(path, "'..' climbs above the workspace root");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    /// <summary>The absolute path of a resolved relative path (for messages and process working directories).</summary>
    public string FullPath(string relative) => relative.Length == 0 ? this.Root : this.Root + "/" + relative;

    /// <summary>Opens a directory of the workspace and verifies where it really is.</summary>
    internal DirectoryHandle OpenDirectory(string relative)
    {
        if (relative.Length == 0)
        {
            return this.root.Duplicate();
        }

        this.BeforeOpen?.Invoke(relative);
        int fd = Libc.OpenAt(this.root.Fd, relative, Libc.ORdOnly | Libc.ODirectory | Libc.OCloExec, 0);
        if (fd < 0)
        {
            throw this.OpenFailure(relative, Libc.LastError, expectDirectory: true);
        }

        return this.Verified(fd, relative);
    }

    /// <summary>Opens a file of the workspace for reading and verifies where it really is.</summary>
    internal SafeFileHandle OpenFileForRead(string relative)
    {
        if (relative.Length == 0)
        {
            throw ToolException.Failed(ToolErrorDetails.NotAFile, "The workspace root is a directory, not a file.");
        }

        this.BeforeOpen?.Invoke(relative);

        // O_NONBLOCK: opening a FIFO must not hang the worker.
        int fd = Libc.OpenAt(this.root.Fd, relative, Libc.ORdOnly | Libc.ONonBlock | Libc.OCloExec, 0);
        if (fd < 0)
        {
            throw this.OpenFailure(relative, Libc.LastError, expectDirectory: false);
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            this.EnsureInside(DirectoryHandle.RealPathOf(fd), relative);
            if ((File.GetAttributes(handle) & FileAttributes.Directory) != 0)
            {
                throw ToolException.Failed(ToolErrorDetails.NotAFile, $"'{relative}' is a directory, not a file.");
            }

            if (!FileContent.IsRegular(handle))
            {
                throw ToolException.Refused(ToolErrorDetails.NotAFile, $"'{relative}' is not a regular file (a pipe, socket or device).");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the parent directory of <paramref name="relative"/> for writing its last component,
    /// creating missing parents when <paramref name="create"/> is set. Each component is opened
    /// relative to the verified one before it and verified in turn.
    /// </summary>
    internal DirectoryHandle OpenParent(string relative, bool create, out string name)
    {
        int slash = relative.LastIndexOf('/');
        name = slash < 0 ? relative : relative[(slash + 1)..];
        if (name.Length == 0)
        {
            throw ToolException.Invalid(ToolErrorDetails.InvalidArgument, "The path names the workspace root, not a file.");
        }

        if (slash < 0)
        {
            return this.root.Duplicate();
        }

        string parent = relative[..slash];
        if (!create)
        {
            return this.OpenDirectory(parent);
        }

        this.BeforeOpen?.Invoke(parent);
        DirectoryHandle current = this.root.Duplicate();
        string walked = string.Empty;
        foreach (string part in parent.Split('/'))
        {
            walked = walked.Length == 0 ? part : walked + "/" + part;
            int fd = Libc.OpenAt(current.Fd, part, Libc.ORdOnly | Libc.ODirectory | Libc.OCloExec, 0);
            if (fd < 0 && Libc.LastError == Libc.ENOENT)
            {
                if (Libc.MkdirAt(current.Fd, part, 0x1FF) < 0 && Libc.LastError != Libc.EEXIST)
                {
                    int error = Libc.LastError;
                    current.Dispose();
                    throw ToolException.Failed(ToolErrorDetails.IoError, $"Could not create directory '{walked}': {Libc.Describe(error)}.");
                }

                fd = Libc.OpenAt(current.Fd, part, Libc.ORdOnly | Libc.ODirectory | Libc.ONoFollow | Libc.OCloExec, 0);
            }

            if (fd < 0)
            {
                int error = Libc.LastError;
                current.Dispose();
                throw this.OpenFailure(walked, error, expectDirectory: true);
            }

            current.Dispose();
            current = this.Verified(fd, walked);
        }

        return current;
    }

    /// <summary>Whether <paramref name="relative"/> names an existing entry (not following a final link).</summary>
    internal bool Exists(string relative)
    {
        if (relative.Length == 0)
        {
            return true;
        }

        try
        {
            using DirectoryHandle parent = this.OpenParent(relative, create: false, out string name);
            return parent.EntryExists(name);
        }
        catch (ToolException e) when (e.Detail is ToolErrorDetails.FileNotFound or ToolErrorDetails.NotADirectory)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => this.root.Dispose();

    private DirectoryHandle Verified(int fd, string relative)
    {
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            string real = DirectoryHandle.RealPathOf(fd);
            this.EnsureInside(real, relative);
            return new DirectoryHandle(handle, real);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private void EnsureInside(string real, string relative)
    {
        if (!IsInside(this.Root, real))
        {
            throw Outside(relative, "it resolves outside the workspace through a symbolic link");
        }
    }

    internal static bool IsInside(string root, string real) =>
        string.Equals(real, root, StringComparison.Ordinal)
        || (real.StartsWith(root, StringComparison.Ordinal) && (root == "/" || real.Length > root.Length && real[root.Length] == '/'));

    private ToolException OpenFailure(string relative, int errno, bool expectDirectory) => errno switch
    {
        Libc.ENOENT => ToolException.Failed(ToolErrorDetails.FileNotFound, $"'{relative}' does not exist in the workspace."),
        Libc.ENOTDIR when expectDirectory && this.Exists(relative) => ToolException.Failed(ToolErrorDetails.NotADirectory, $"'{relative}' is not a directory."),
        Libc.ENOTDIR => ToolException.Failed(ToolErrorDetails.FileNotFound, $"'{relative}' does not exist in the workspace (a parent is not a directory)."),
        Libc.ELOOP => ToolException.Refused(ToolErrorDetails.PathOutsideWorkspace, $"'{relative}' goes through too many symbolic links."),
        _ => ToolException.Failed(ToolErrorDetails.IoError, $"Could not open '{relative}': {Libc.Describe(errno)}."),
    };

    private static ToolException Outside(string path, string why) =>
        ToolException.Refused(ToolErrorDetails.PathOutsideWorkspace, $"The path '{path}' is outside the workspace: {why}.");
}
