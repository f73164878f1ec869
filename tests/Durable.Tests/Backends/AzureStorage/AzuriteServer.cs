using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ScriptHarness.Tests.Durable.Backends.AzureStorage;

/// <summary>
/// One Azurite process: started on free loopback ports (port 0, the ports it reports are read
/// from its output) with in-memory persistence and a temporary folder, stopped by process id.
/// It runs under a launcher that exits when our end of its stdin closes, so even a test
/// process killed outright leaves no emulator behind.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly string dataFolder;
    private readonly StringBuilder output = new();
    private int disposed;

    private AzuriteServer(Process process, string dataFolder, AzuriteEndpoints endpoints)
    {
        this.process = process;
        this.dataFolder = dataFolder;
        Endpoints = endpoints;
    }

    /// <summary>The ports and connection string of this Azurite.</summary>
    public AzuriteEndpoints Endpoints { get; }

    /// <summary>The operating-system id of the node process that runs Azurite.</summary>
    public int ProcessId => process.Id;

    /// <summary>Whether the Azurite process has exited or was stopped.</summary>
    public bool HasExited => Volatile.Read(ref disposed) != 0 || process.HasExited;

    /// <summary>Starts Azurite from the repository's node_modules (or SCRIPTHARNESS_AZURITE) and waits until its three services listen.</summary>
    public static Task<AzuriteServer> StartAsync(string? azuriteEntry = null, CancellationToken cancellationToken = default) =>
        StartAsync(azuriteEntry, [], cancellationToken);

    /// <summary>
    /// The same with options for node itself, before the launcher (the bench's <c>--cpu-prof</c>,
    /// which node refuses in NODE_OPTIONS).
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(string? azuriteEntry, IReadOnlyList<string> nodeOptions, CancellationToken cancellationToken)
    {
        string entry = azuriteEntry ?? AzuriteLocator.FindEntry();
        if (!File.Exists(entry))
        {
            throw new AzuriteUnavailableException($"Azurite was not found at {entry}. {AzuriteLocator.InstallHint}");
        }

        string launcher = Path.Combine(AppContext.BaseDirectory, "Azurite", "azurite-launcher.js");
        string dataFolder = Directory.CreateTempSubdirectory("scriptharness-azurite-").FullName;
        var start = new ProcessStartInfo(AzuriteLocator.FindNode())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataFolder,
        };
        foreach (string arg in nodeOptions.Concat(
        [
            launcher, entry,
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--inMemoryPersistence",
            "--blobHost", "127.0.0.1", "--blobPort", "0",
            "--queueHost", "127.0.0.1", "--queuePort", "0",
            "--tableHost", "127.0.0.1", "--tablePort", "0",
        ]))
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new AzuriteUnavailableException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Directory.Delete(dataFolder, recursive: true);
            throw new AzuriteUnavailableException($"Could not run node ({start.FileName}) to start Azurite: {e.Message}.", e);
        }

        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
                Match match = ListeningLine().Match(line);
                if (match.Success)
                {
                    ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (ports.Count == 3)
                    {
                        ready.TrySetResult();
                    }
                }
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Task exited = process.WaitForExitAsync(cancellationToken);
        Task first = await Task.WhenAny(ready.Task, exited, Task.Delay(StartTimeout, cancellationToken)).ConfigureAwait(false);
        if (first != ready.Task)
        {
            string reason = first == exited ? $"exited with code {SafeExitCode(process)}" : $"did not listen within {StartTimeout.TotalSeconds:0} s";
            Kill(process);
            process.Dispose();
            TryDelete(dataFolder);
            string text;
            lock (log)
            {
                text = log.ToString();
            }

            throw new AzuriteUnavailableException($"Azurite ({entry}) {reason}. Its output:\n{text}");
        }

        var server = new AzuriteServer(process, dataFolder, new AzuriteEndpoints(ports["Blob"], ports["Queue"], ports["Table"]));
        return server;
    }

    /// <summary>Kills the Azurite process by its id, waits for it to exit and deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Kill(process);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            try
            {
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Killed with SIGKILL: it is gone even if the wait for its pipes timed out.
            }
        }

        process.Dispose();
        TryDelete(dataFolder);
    }

    /// <summary>Closes our end of Azurite's stdin, as the death of the test process would.</summary>
    public void CloseStandardInputForTest() => process.StandardInput.Close();

    /// <summary>Synchronous stop for process-exit handlers, where nothing can be awaited.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        Kill(process);
        process.WaitForExit(10_000);
        TryDelete(dataFolder);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
