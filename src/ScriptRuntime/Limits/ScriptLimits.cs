using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Limits;

/// <summary>
/// The limits of one script run, bound to the host.json section <c>scriptRuntime:limits</c>.
/// Property names match the section's keys; defaults are the product's defaults.
/// </summary>
public sealed class ScriptLimits
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "scriptRuntime:limits";

    /// <summary>Interpreter time of the script in milliseconds; time waiting on tools never counts. Also bounds a regex's backtracking.</summary>
    public int ExecutionTimeMs { get; set; } = 30_000;

    /// <summary>Bytes the script may allocate while it runs (an allocation budget over the whole run).</summary>
    public long MemoryBytes { get; set; } = 96L * 1024 * 1024;

    /// <summary>Maximum depth of nested JavaScript function calls.</summary>
    public int MaxRecursionDepth { get; set; } = 256;

    /// <summary>Statements the script may execute: the deterministic backstop of the execution time.</summary>
    public int MaxStatements { get; set; } = 50_000_000;

    /// <summary>Maximum size of the script source in UTF-8 bytes.</summary>
    public int MaxScriptBytes { get; set; } = 65_536;

    /// <summary>Tool calls per run; the next call rejects with <see cref="ScriptLimit.ToolCalls"/>.</summary>
    public int MaxToolCalls { get; set; } = 100;

    /// <summary>Tool calls running at once; further calls wait in order (they never fail for this).</summary>
    public int MaxToolCallsInFlight { get; set; } = 8;

    /// <summary>Maximum size of the run's return value as UTF-8 JSON.</summary>
    public int MaxReturnValueBytes { get; set; } = 131_072;

    /// <summary>
    /// Maximum size of one tool result as UTF-8 JSON. A larger result never reaches the script:
    /// the call's promise rejects with <see cref="ScriptLimit.ToolResultSize"/>, which the script can catch.
    /// </summary>
    public int MaxToolResultBytes { get; set; } = 1_048_576;

    /// <summary>
    /// Deepest nesting of objects and arrays in data that crosses the sandbox boundary (return
    /// value, tool arguments, tool results, console arguments). Deeper data fails with
    /// <see cref="ScriptLimit.NestingDepth"/> before anything recursive reads it.
    /// </summary>
    public int MaxNestingDepth { get; set; } = 64;

    /// <summary>Captured console output in UTF-8 bytes; later output is dropped behind a truncation marker.</summary>
    public int MaxConsoleBytes { get; set; } = 65_536;

    /// <summary>Captured console entries; later entries are dropped behind a truncation marker.</summary>
    public int MaxConsoleEntries { get; set; } = 200;

    /// <summary>Returns one message per invalid value; empty when the limits are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> problems = [];
        Check(this.ExecutionTimeMs is >= 1 and <= 3_600_000, nameof(this.ExecutionTimeMs), "must be between 1 and 3600000 ms");
        Check(this.MemoryBytes is >= 1024 * 1024 and <= 16L * 1024 * 1024 * 1024, nameof(this.MemoryBytes), "must be between 1 MiB and 16 GiB");
        Check(this.MaxRecursionDepth is >= 1 and <= 10_000, nameof(this.MaxRecursionDepth), "must be between 1 and 10000");
        Check(this.MaxStatements >= 1, nameof(this.MaxStatements), "must be at least 1");
        Check(this.MaxScriptBytes is >= 1 and <= 16 * 1024 * 1024, nameof(this.MaxScriptBytes), "must be between 1 and 16 MiB");
        Check(this.MaxToolCalls is >= 0 and <= 100_000, nameof(this.MaxToolCalls), "must be between 0 and 100000");
        Check(this.MaxToolCallsInFlight is >= 1 and <= 1_000, nameof(this.MaxToolCallsInFlight), "must be between 1 and 1000");
        Check(this.MaxReturnValueBytes is >= 16 and <= 64 * 1024 * 1024, nameof(this.MaxReturnValueBytes), "must be between 16 bytes and 64 MiB");
        Check(this.MaxToolResultBytes is >= 1 and <= 64 * 1024 * 1024, nameof(this.MaxToolResultBytes), "must be between 1 byte and 64 MiB");
        Check(this.MaxNestingDepth is >= 1 and <= JsonShape.MaxSupportedDepth, nameof(this.MaxNestingDepth), $"must be between 1 and {JsonShape.MaxSupportedDepth}");
        Check(this.MaxConsoleBytes >= 0, nameof(this.MaxConsoleBytes), "must not be negative");
        Check(this.MaxConsoleEntries >= 0, nameof(this.MaxConsoleEntries), "must not be negative");
        return problems;

        void Check(bool ok, string name, string rule)
        {
            if (!ok)
            {
                problems.Add($"{SectionName}:{char.ToLowerInvariant(name[0])}{name[1..]} {rule}.");
            }
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid value.</summary>
    public void ThrowIfInvalid()
    {
        IReadOnlyList<string> problems = this.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid script limits: " + string.Join(" ", problems));
        }
    }

    /// <summary>A copy, so a run never sees later changes to shared options.</summary>
    public ScriptLimits Clone() => (ScriptLimits)this.MemberwiseClone();
}
