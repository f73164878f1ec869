namespace ScriptHarness.ScriptRuntime.Declarations;

/// <summary>
/// host.json <c>toolDiscovery</c>: above <see cref="Threshold"/> tools, the prompt's declaration
/// lists each tool's name and one-line summary only, and scripts read the rest with
/// <c>tools.$describe(name)</c> and <c>tools.$search(query)</c> (which every run has).
/// </summary>
public sealed class ToolDiscoveryOptions
{
    /// <summary>The host.json section name.</summary>
    public const string SectionName = "toolDiscovery";

    /// <summary>The most tools declared in full; more are listed by name and summary. 0 (the default) always declares them in full.</summary>
    public int Threshold { get; set; }

    /// <summary>Whether <paramref name="toolCount"/> tools are declared by name and summary only.</summary>
    public bool IsCompact(int toolCount) => this.Threshold > 0 && toolCount > this.Threshold;
}
