using System.Reflection;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The harness version: the orchestration version of every run this build starts. A worker only
/// runs orchestrations of its own version; a run started by another version fails with a clear
/// version error instead of replaying under changed code.
/// </summary>
public static class HarnessVersion
{
    /// <summary>This build's version (the assembly's informational version without build metadata).</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        string? informational = typeof(HarnessVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        string version = informational ?? typeof(HarnessVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}
