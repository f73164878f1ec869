using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Tools;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Exec;

/// <summary>Attacks a command run through exec tries from inside its sandbox; each must fail.</summary>
public sealed class ExecSandboxAttackTests : IDisposable
{
    private readonly TempWorkspace ws = new();
    private readonly ExecTool tool = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task The_workers_environment_cannot_be_read_through_proc()
    {
        // The worker's environment is what bwrap would inherit; a canary stands in for the API key.
        string canary = "canary-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable("SCRIPTHARNESS_TEST_CANARY", canary);
        try
        {
            string hostPid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            JsonElement result = await this.ws.Invoke(this.tool, new
            {
                command = "cat /proc/$PPID/environ; cat /proc/1/environ; cat /proc/" + hostPid + "/environ; "
                    + "for f in /proc/[0-9]*/environ; do cat \"$f\"; done; env; echo end",
            });

            string output = result.Str("stdout") + result.Str("stderr");
            Assert.Contains("end", output, StringComparison.Ordinal);
            Assert.DoesNotContain(canary, output, StringComparison.Ordinal);
            Assert.DoesNotContain("SCRIPTHARNESS_TEST_CANARY", output, StringComparison.Ordinal);

            // The process's real environment block (what /proc/<pid>/environ shows) must not leak either.
            foreach (string entry in WorkerOnlyVariables())
            {
                Assert.DoesNotContain(entry, output, StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("SCRIPTHARNESS_TEST_CANARY", null);
        }
    }

    // Variables of this process's initial environment that the sandbox does not set on purpose.
    private static IEnumerable<string> WorkerOnlyVariables()
    {
        string[] passed = ["PATH=", "HOME=", "LANG=", "LC_", "TERM=", "TZ=", "PWD=", "OLDPWD=", "SHLVL=", "_=", "TMPDIR="];
        return File.ReadAllText("/proc/self/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.Length >= 12 && !passed.Any(p => e.StartsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_hosts_processes_are_invisible()
    {
        string hostPid = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        JsonElement result = await this.ws.Invoke(this.tool, new { command = "ls /proc | grep -E '^[0-9]+$' | wc -l; cat /proc/" + hostPid + "/cmdline" });

        // Only the sandbox's init, the shell and its pipeline exist in the new pid namespace.
        Assert.InRange(int.Parse(result.Str("stdout").Split('\n')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture), 1, 6);
        Assert.DoesNotContain("testhost", result.Str("stdout"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_outside_the_workspace_never_reach_the_host()
    {
        string marker = Guid.NewGuid().ToString("N");
        string outsideFile = Path.Combine(this.ws.Outside, "pwned");
        string[] hostTargets =
        [
            Path.Combine(Path.GetTempPath(), "sh-sandbox-pwned-" + marker), "/usr/pwned-" + marker, "/etc/pwned-" + marker,
            "/root/pwned-" + marker, "/work/pwned-" + marker,
        ];
        string script = $"touch '{outsideFile}'; mkdir -p '{this.ws.Outside}' && echo x > '{outsideFile}'; "
            + string.Concat(hostTargets.Select(t => $"echo x > '{t}'; ")) + "echo done";
        try
        {
            JsonElement result = await this.ws.Invoke(this.tool, new { command = script });

            Assert.EndsWith("done\n", result.Str("stdout"), StringComparison.Ordinal);
            Assert.Contains("Read-only file system", result.Str("stderr"), StringComparison.Ordinal);
            Assert.False(File.Exists(outsideFile), "a sibling of the workspace was written on the host");
            Assert.All(hostTargets, t => Assert.False(File.Exists(t), $"{t} was written on the host"));
        }
        finally
        {
            foreach (string target in hostTargets.Where(File.Exists))
            {
                File.Delete(target);
            }
        }
    }

    [Fact]
    public async Task Only_the_workspace_outlives_a_call()
    {
        // A file dropped in /tmp or HOME by one call (a planted helper, a poisoned cache) is gone for the next.
        JsonElement first = await this.ws.Invoke(this.tool, new { command = "echo one > /tmp/dropped; echo one > \"$HOME/.dropped\"; echo one > kept; echo ok" });
        JsonElement second = await this.ws.Invoke(this.tool, new { command = "cat /tmp/dropped \"$HOME/.dropped\" kept" });

        Assert.Equal("ok\n", first.Str("stdout"));
        Assert.Equal("one\n", second.Str("stdout"));
        Assert.Contains("No such file", second.Str("stderr"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_directories_outside_the_policy_are_not_mounted()
    {
        JsonElement result = await this.ws.Invoke(this.tool, new { command = "for d in /home /root /run /var /work /etc/shadow /etc/gitconfig; do [ -e $d ] && echo \"present $d\"; done; echo checked" });

        Assert.Equal("checked\n", result.Str("stdout"));
    }

    [Fact]
    public async Task The_network_is_unreachable_unless_the_call_is_granted_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var args = JsonSerializer.SerializeToElement(new { command = new[] { "bash", "-c", $"echo hello > /dev/tcp/127.0.0.1/{port} && echo connected" } });

        JsonElement denied = await this.tool.InvokeAsync(new ToolInvocation("run:1", 1, this.ws.Root, args), default);
        bool pendingAfterDenied = listener.Pending();
        JsonElement granted = await this.tool.InvokeAsync(new ToolInvocation("run:2", 2, this.ws.Root, args, AllowNetwork: true), default);

        Assert.NotEqual(0, denied.Int("exitCode"));
        Assert.DoesNotContain("connected", denied.Str("stdout"), StringComparison.Ordinal);
        Assert.False(pendingAfterDenied, "a connection from the unnetworked sandbox reached the host's loopback");
        Assert.Equal(0, granted.Int("exitCode"));
        Assert.Equal("connected\n", granted.Str("stdout"));
        using TcpClient accepted = await listener.AcceptTcpClientAsync();
        Assert.NotNull(accepted);
    }

    [Fact]
    public async Task A_symlink_out_of_the_workspace_gives_no_access()
    {
        string dbLike = Path.Combine(this.ws.Outside, "harness.db");
        File.WriteAllText(dbLike, "WORKER DATABASE\n");
        this.ws.Symlink("leak", Path.Combine(this.ws.Outside, "secret.txt"));
        this.ws.Symlink("db", dbLike);
        this.ws.Symlink("outdir", this.ws.Outside);
        this.ws.Symlink("hostenv", "/proc/" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/environ");

        JsonElement viaShell = await this.ws.Invoke(this.tool, new { command = "cat leak db outdir/secret.txt hostenv; echo x > db; echo x > outdir/new; echo end" });
        JsonElement viaArgv = await this.ws.Invoke(this.tool, new { command = new[] { "cat", "--", "leak", "--db" } });

        string output = viaShell.Str("stdout") + viaShell.Str("stderr") + viaArgv.Str("stdout") + viaArgv.Str("stderr");
        Assert.EndsWith("end\n", viaShell.Str("stdout"), StringComparison.Ordinal);
        Assert.DoesNotContain("TOP SECRET", output, StringComparison.Ordinal);
        Assert.DoesNotContain("WORKER DATABASE", output, StringComparison.Ordinal);
        Assert.NotEqual(0, viaArgv.Int("exitCode"));
        Assert.Equal("WORKER DATABASE\n", File.ReadAllText(dbLike));
        Assert.False(File.Exists(Path.Combine(this.ws.Outside, "new")));
    }

    [Fact]
    public async Task A_program_outside_the_mounts_is_refused_before_it_starts()
    {
        string program = Path.Combine(this.ws.Outside, "tool.sh");
        File.WriteAllText(program, "#!/bin/sh\necho ran\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        this.ws.Symlink("tool", program);

        ToolException absolute = await this.ws.Fails(this.tool, new { command = new[] { program } });
        ToolException viaLink = await this.ws.Fails(this.tool, new { command = new[] { "./tool" } });

        Assert.Equal(ToolErrorDetails.ExecStartFailed, absolute.Detail);
        Assert.Equal(ToolErrorDetails.ExecStartFailed, viaLink.Detail);
    }
}
