using System.Diagnostics;

namespace ScriptHarness.Tests.Durable.Crash;

/// <summary>
/// A running <c>ScriptHarness.Durable.TestWorker</c> process: started with a store's settings,
/// ready once it prints <c>ready</c>, killed with SIGKILL by the test. Its stdin is a pipe we
/// hold, so it exits by itself if the test process dies.
/// </summary>
public sealed class TestWorkerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly Queue<string> log = new();
    private readonly System.Text.StringBuilder output = new();

    private TestWorkerProcess(Process process) => this.process = process;

    /// <summary>The worker's process id (as recorded in effect lines).</summary>
    public int Id { get; private set; }

    /// <summary>The worker's last output lines (stdout and stderr, each cut to 300 characters), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return string.Join('\n', log);
            }
        }
    }

    /// <summary>Whether the worker printed <paramref name="text"/> on one line (its first megabyte of output is kept for this).</summary>
    public bool Printed(string text)
    {
        lock (log)
        {
            return output.ToString().Contains(text, StringComparison.Ordinal);
        }
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Path of the worker's entry assembly: beside the test assembly, or SCRIPTHARNESS_TEST_WORKER.</summary>
    public static string WorkerPath =>
        Environment.GetEnvironmentVariable("SCRIPTHARNESS_TEST_WORKER") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "ScriptHarness.Durable.TestWorker.dll");

    /// <summary>Starts a worker and waits until it reports ready.</summary>
    /// <param name="store">The store's settings and environment.</param>
    /// <param name="effectsFolder">The folder its activities append effect lines in.</param>
    /// <param name="worker">Extra <c>worker:</c> settings (faults, holdKey).</param>
    /// <param name="mayDie">
    /// The worker is expected to die (a poison run in the store): return it when it exits before
    /// it is ready as well, instead of failing.
    /// </param>
    public static async Task<TestWorkerProcess> StartAsync(WorkerStore store, string effectsFolder, IReadOnlyDictionary<string, string>? worker = null, bool mayDie = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!File.Exists(WorkerPath))
        {
            throw new FileNotFoundException($"The test worker was not built: {WorkerPath}.", WorkerPath);
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(WorkerPath);
        foreach ((string key, string value) in store.Settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.ArgumentList.Add($"--worker:effectsFolder={effectsFolder}");
        foreach ((string key, string value) in worker ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add($"--worker:{key}={value}");
        }

        foreach ((string name, string value) in store.Environment)
        {
            start.Environment[name] = value;
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TestWorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("The test worker did not start."));
        started.Id = started.process.Id;
        started.process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            started.Append(e.Data);
            if (e.Data == "ready")
            {
                ready.TrySetResult();
            }
        };
        started.process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                started.Append(e.Data);
            }
        };
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();

        Task exited = started.process.WaitForExitAsync();
        Task first = await Task.WhenAny(ready.Task, exited, Task.Delay(ReadyTimeout));
        if (first == exited && mayDie)
        {
            return started;
        }

        if (first != ready.Task)
        {
            string why = first == exited ? $"exited with code {started.process.ExitCode}" : $"was not ready within {ReadyTimeout.TotalSeconds:0} s";
            await started.DisposeAsync();
            throw new InvalidOperationException($"The test worker {why}. Its output:\n{started.Log}");
        }

        return started;
    }

    /// <summary>Kills the worker with SIGKILL (no graceful shutdown) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits for the process to exit and returns its exit code (137 after SIGKILL).</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The test worker {Id} did not exit within {timeout}. Its output:\n{Log}");
        }

        return process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        process.Dispose();
    }

    private void Append(string line)
    {
        lock (log)
        {
            log.Enqueue(line.Length > 300 ? line[..300] + "…" : line);
            if (output.Length < 1_000_000)
            {
                output.AppendLine(line);
            }

            if (log.Count > 40)
            {
                log.Dequeue();
            }
        }
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
