using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace ScriptHarness.Activities.Exec.Sandbox;

/// <summary>
/// Whether bubblewrap can build the sandbox on this machine: runs the real policy once with a
/// no-op command. A success is remembered for the process (keyed by the bwrap path); a failure
/// is not, so installing bubblewrap takes effect without a restart.
/// </summary>
internal static class BubblewrapProbe
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string?>>> Results = new(StringComparer.Ordinal);

    /// <summary>Null when the sandbox works; otherwise why it does not.</summary>
    public static async Task<string?> CheckAsync(string bwrapPath, BubblewrapPolicy policy, string shell)
    {
        Lazy<Task<string?>> probe = Results.GetOrAdd(bwrapPath, path => new Lazy<Task<string?>>(() => RunAsync(path, policy, shell)));
        string? problem = await probe.Value.ConfigureAwait(false);
        if (problem is not null)
        {
            _ = Results.TryRemove(new KeyValuePair<string, Lazy<Task<string?>>>(bwrapPath, probe));
        }

        return problem;
    }

    private static async Task<string?> RunAsync(string bwrapPath, BubblewrapPolicy policy, string shell)
    {
        if (!File.Exists(bwrapPath))
        {
            return $"'{bwrapPath}' does not exist";
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = BubblewrapPolicy.DefaultPath };
        ProcessStartInfo startInfo = BubblewrapSandbox.StartInfo(bwrapPath, policy.Arguments(null, "/", environment, allowNetwork: false, shell, ["-c", ":"]));
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;

        using var process = new Process { StartInfo = startInfo };
        try
        {
            await ProcessLaunchThread.StartAsync(process).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"'{bwrapPath}' could not be started: {e.Message}";
        }

        process.StandardInput.Close();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return $"'{bwrapPath}' did not finish a no-op sandbox in 30 s";
        }

        string error = (await stderr.ConfigureAwait(false)).Trim();
        _ = await stdout.ConfigureAwait(false);
        return process.ExitCode == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"'{bwrapPath}' could not create the sandbox (exit {process.ExitCode}){(error.Length > 0 ? ": " + error : string.Empty)}");
    }
}
