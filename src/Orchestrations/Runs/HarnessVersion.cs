using System.Reflection;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The harness package version, recorded in each run's input for diagnostics. It does not decide
/// which worker may replay a run: that is the <see cref="ReplayContract"/> (the orchestration
/// version), which changes only when the sequence of scheduled actions does.
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
