using System.Diagnostics;
using System.Text.Json;
using ScriptHarness.Activities.Exec;
using ScriptHarness.Activities.Exec.Sandbox;
using ScriptHarness.Tests.Activities.Support;

namespace ScriptHarness.Tests.Activities.Exec;

/// <summary>The sandbox lives exactly as long as its command and its worker; nothing of it outlives either.</summary>
public sealed class ExecSandboxLifetimeTests : IDisposable
{
    private readonly TempWorkspace ws = new();

    public void Dispose() => this.ws.Dispose();

    [Fact]
    public async Task A_killed_worker_takes_its_sandbox_and_the_command_down()
    {
        // A single-threaded sh stands in for the worker: it starts bwrap with exec's own policy
        // and is then killed with SIGKILL, as a crashed worker would be.
        string marker = HostProcesses.UniqueSleepSeconds();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = BubblewrapPolicy.DefaultPath };
        string root = Path.GetFullPath(this.ws.Root);
        List<string> bwrapArgs = new BubblewrapPolicy([]).Arguments(root, root, environment, allowNetwork: false, "/bin/sh", ["-c", $"touch ready; exec sleep {marker}"]);
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "-c", "\"$@\" & wait", "worker", new ExecOptions().BubblewrapPath }.Concat(bwrapArgs))
        {
            info.ArgumentList.Add(arg);
        }

        using Process worker = Process.Start(info)!;
        try
        {
            await HostProcesses.WaitUntil(() => this.ws.Exists("ready") && HostProcesses.AnyAlive(marker));

            worker.Kill(entireProcessTree: false);
            await worker.WaitForExitAsync();

            Assert.True(await HostProcesses.GoneSoon(marker), $"the sandboxed 'sleep {marker}' outlived its killed parent");
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task A_command_outlives_the_thread_that_started_it()
    {
        // --die-with-parent fires when the *thread* that forked bwrap exits; thread pool threads
        // retire when idle. The command must not die with the caller's thread.
        var tool = new ExecTool();
        _ = await this.ws.Invoke(tool, new { command = "true" }); // the sandbox probe is cached from here on
        Task<JsonElement>? call = null;
        var caller = new Thread(() =>
        {
            call = this.ws.Invoke(tool, new { command = "touch started; while [ ! -e go ]; do sleep 0.05; done; echo done", timeoutMs = 120_000 });

            // Exit only once the command runs, i.e. after bwrap armed its parent-death signal.
            HostProcesses.WaitUntil(() => this.ws.Exists("started")).GetAwaiter().GetResult();
        });
        caller.Start();
        caller.Join();

        this.ws.Write("go", string.Empty);
        JsonElement result = await call!;

        Assert.Equal(0, result.Int("exitCode"));
        Assert.Equal("done\n", result.Str("stdout"));
    }
}
