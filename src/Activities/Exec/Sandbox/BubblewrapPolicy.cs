using ScriptHarness.Activities.Workspaces;

namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>
/// The bubblewrap command line of one sandboxed command: what is mounted where, which
/// namespaces are new, and the fresh environment. The policy: the workspace (its real path) is
/// the only writable bind, at the same path; the system directories are read-only; of
/// <c>/etc</c> only what programs need to run and resolve names; no host <c>/home</c>,
/// <c>/root</c>, <c>/run</c>, <c>/var</c>, nor anything else of the host; a new pid namespace
/// with its own <c>/proc</c>, a minimal <c>/dev</c>, a private <c>/tmp</c>; every namespace new
/// (so no network) unless the call is granted the network.
/// </summary>
internal sealed class BubblewrapPolicy
{
    /// <summary>The PATH inside the sandbox unless the call's env sets one.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    // Top-level directories that hold programs and libraries. On merged-/usr systems most are
    // links into /usr and are recreated as the same links; a real directory is mounted read-only.
    private static readonly string[] SystemRoots = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    // The /etc subset: users and groups (for id, ls -l), name resolution, TLS roots, the dynamic
    // linker, Debian's alternatives links, the time zone. Not gitconfig, not shadow, not ssl/private.
    private static readonly string[] EtcEntries =
    [
        "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf", "/etc/host.conf",
        "/etc/gai.conf", "/etc/protocols", "/etc/services", "/etc/ssl/certs", "/etc/ca-certificates",
        "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime",
    ];

    private readonly IReadOnlyList<string> readOnlyPaths;

    /// <summary>Creates the policy with extra read-only directories (host.json <c>readOnlyPaths</c>).</summary>
    public BubblewrapPolicy(IEnumerable<string> extraReadOnlyPaths)
    {
        this.readOnlyPaths = ["/usr", .. extraReadOnlyPaths.Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)))];
    }

    /// <summary>
    /// Whether <paramref name="hostPath"/>, with every link followed, lies in a directory the
    /// sandbox mounts; a program found on the host but outside every mount would not start.
    /// </summary>
    public bool Exposes(string hostPath, string workspaceRoot)
    {
        // The kernel resolves every link (of the file and of its directories) when opening.
        int fd = Libc.OpenAt(Libc.AtFdCwd, hostPath, Libc.OPath | Libc.OCloExec, 0);
        if (fd < 0)
        {
            return false;
        }

        string real;
        try
        {
            real = DirectoryHandle.RealPathOf(fd);
        }
        finally
        {
            _ = Libc.Close(fd);
        }

        return this.MountedRoots(workspaceRoot).Any(root => real == root || real.StartsWith(root + "/", StringComparison.Ordinal));
    }

    /// <summary>
    /// bwrap's arguments for the command (after <c>--</c>): <paramref name="workspaceRoot"/> is
    /// bound writable unless null (the probe), the command starts in <paramref name="workingDirectory"/>.
    /// </summary>
    public List<string> Arguments(
        string? workspaceRoot,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        bool allowNetwork,
        string program,
        IEnumerable<string> arguments)
    {
        var args = new List<string> { "--unshare-all" };
        if (allowNetwork)
        {
            args.Add("--share-net");
        }

        // The sandbox dies with the worker's launcher (and the command with the sandbox); the
        // command leads a new session, so it cannot push input into a terminal it inherited.
        args.AddRange(["--die-with-parent", "--new-session", "--clearenv"]);
        args.AddRange(["--ro-bind", "/usr", "/usr"]);

        foreach (string root in SystemRoots)
        {
            var info = new DirectoryInfo(root);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, root]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", root, root]);
            }
        }

        foreach (string entry in EtcEntries)
        {
            args.AddRange(["--ro-bind-try", entry, entry]);
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);

        // The extra directories after the private /tmp, so one below /tmp is not hidden by it; an
        // extra directory missing on this worker is skipped.
        foreach (string root in this.readOnlyPaths.Where(r => r != "/usr"))
        {
            args.AddRange(["--ro-bind-try", root, root]);
        }

        // Last, so that a workspace below /tmp (or below a read-only root) is mounted over them.
        if (workspaceRoot is not null)
        {
            args.AddRange(["--bind", workspaceRoot, workspaceRoot]);
        }

        args.AddRange(["--chdir", workingDirectory]);
        foreach ((string name, string value) in environment)
        {
            args.AddRange(["--setenv", name, value]);
        }

        args.Add("--");
        args.Add(program);
        args.AddRange(arguments);
        return args;
    }

    private IEnumerable<string> MountedRoots(string workspaceRoot)
    {
        yield return workspaceRoot;
        foreach (string root in this.readOnlyPaths)
        {
            yield return root;
        }

        foreach (string root in SystemRoots)
        {
            if (Directory.Exists(root) && new DirectoryInfo(root).LinkTarget is null)
            {
                yield return root;
            }
        }

        yield return "/etc/alternatives";
    }
}
