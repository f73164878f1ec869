using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ScriptHarness.Tests.Host.Support;

/// <summary>
/// The Host as a child process (<c>dotnet ScriptHarness.Host.dll ARGS</c>): output captured,
/// killed with SIGKILL on <see cref="Kill"/> and on dispose.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process)
    {
        this.process = process;
    }

    public string Stdout
    {
        get
        {
            lock (this.stdout)
            {
                return this.stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (this.stderr)
            {
                return this.stderr.ToString();
            }
        }
    }

    public int ExitCode => this.process.ExitCode;

    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        Start(workingDirectory, environment, keepInputOpen: false, args);

    /// <summary>Starts the Host; with <paramref name="keepInputOpen"/> its standard input stays open (a terminal nobody answers).</summary>
    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, bool keepInputOpen, params string[] args)
    {
        ProcessStartInfo info = new("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(RepoPaths.HostDll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The child must not inherit overrides or a key from the test runner's environment.
        foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("SCRIPTHARNESS", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // The default store is in the user's data folder: each child gets one of its own, under
        // its working directory, so no test reads or writes the machine user's store.
        info.Environment["XDG_DATA_HOME"] = Path.Combine(workingDirectory, ".data");
        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        Process process = new() { StartInfo = info, EnableRaisingEvents = true };
        HostProcess host = new(process);
        process.OutputDataReceived += (_, e) => host.Append(host.stdout, e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(host.stderr, e.Data);
        process.Exited += (_, _) => host.exited.TrySetResult();
        process.Start();
        if (!keepInputOpen)
        {
            process.StandardInput.Close();
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Runs the Host to its end and returns it (exit code and output).</summary>
    public static async Task<HostProcess> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        HostProcess host = Start(workingDirectory, environment, args);
        await host.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return host;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await this.exited.Task.WaitAsync(timeout);
            await this.process.WaitForExitAsync(); // drains the output streams
        }
        catch (TimeoutException)
        {
            this.Kill();
            throw new TimeoutException($"The host did not exit within {timeout}.\nstdout:\n{this.Stdout}\nstderr:\n{this.Stderr}");
        }
    }

    /// <summary>Waits until standard output holds <paramref name="text"/>, failing if the process exits first.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) => this.WaitForAsync(() => this.Stdout, text, timeout);

    /// <summary>Waits until standard error holds <paramref name="text"/> (progress, with <c>--json</c>).</summary>
    public Task WaitForStderrAsync(string text, TimeSpan timeout) => this.WaitForAsync(() => this.Stderr, text, timeout);

    private async Task WaitForAsync(Func<string> output, string text, TimeSpan timeout)
    {
        using CancellationTokenSource cts = new(timeout);
        while (!output().Contains(text, StringComparison.Ordinal))
        {
            if (this.exited.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The host exited ({this.process.ExitCode}) before printing '{text}'.\nstdout:\n{this.Stdout}\nstderr:\n{this.Stderr}");
            }

            try
            {
                await Task.WhenAny(this.exited.Task, Task.Delay(50, cts.Token));
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The host did not print '{text}' within {timeout}.\nstdout:\n{this.Stdout}\nstderr:\n{this.Stderr}");
            }
        }
    }

    /// <summary>Sends a real signal (<c>INT</c>, <c>TERM</c>) to the Host, as Ctrl-C or a service manager would.</summary>
    public async Task SignalAsync(string signal)
    {
        using Process kill = Process.Start("kill", ["-" + signal, this.process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>SIGKILL: no shutdown code of the Host runs.</summary>
    public void Kill()
    {
        try
        {
            if (!this.process.HasExited)
            {
                this.process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        this.Kill();
        try
        {
            await this.process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
        }

        this.process.Dispose();
    }

    public static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
