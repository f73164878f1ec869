using System.Diagnostics;
using System.Text;
using ScriptHarness.Tests.Host.Support;

namespace ScriptHarness.Tests.Host.McpServing;

/// <summary>
/// The real MCP clients nobody here wrote, installed by <c>npm ci</c> from package.json: the
/// conformance suite and the inspector's CLI. Both need Node.js 22 or newer, which package.json
/// pins as the <c>node</c> package (its binary in node_modules/.bin), so the machine's Node.js may be older.
/// </summary>
public static class NodeClients
{
    private static string Modules => Path.Combine(RepoPaths.Root, "node_modules");

    public static string Node => Existing(Path.Combine(Modules, ".bin", "node"));

    public static string Conformance => Existing(Path.Combine(Modules, "@modelcontextprotocol", "conformance", "dist", "index.js"));

    public static string Inspector => Existing(Path.Combine(Modules, "@modelcontextprotocol", "inspector", "clients", "launcher", "build", "index.js"));

    public static string KeyProxy => Existing(Path.Combine(RepoPaths.Root, "tests", "Host.Tests", "McpServing", "key-proxy.mjs"));

    /// <summary>Starts <c>node ARGS</c> with Node 22 first on PATH and a private HOME.</summary>
    public static Process Start(string home, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        ProcessStartInfo info = new(Node)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (string name in info.Environment.Keys.Where(k => k.StartsWith("SCRIPTHARNESS", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["PATH"] = Path.Combine(Modules, ".bin") + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        info.Environment["HOME"] = home;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Process process = Process.Start(info)!;
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Runs <c>node ARGS</c> to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string home, params string[] args)
    {
        using Process process = Start(home, null, args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource cts = new(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', args)} did not finish.\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Existing(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: run npm ci in the repository (scripts/test.sh does).");
}

/// <summary>Kills a started process tree on dispose.</summary>
public sealed class Owned(Process process) : IDisposable
{
    public Process Process { get; } = process;

    public void Dispose()
    {
        try
        {
            if (!this.Process.HasExited)
            {
                this.Process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        this.Process.Dispose();
    }
}
