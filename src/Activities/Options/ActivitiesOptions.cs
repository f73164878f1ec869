namespace ScriptHarness.Activities.Options;

/// <summary>Settings of the coding tools, bound to the <c>activities</c> section of host.json.</summary>
public sealed class ActivitiesOptions
{
    /// <summary>The host.json section name.</summary>
    public const string SectionName = "activities";

    /// <summary>Settings of <c>exec</c>.</summary>
    public Exec.ExecOptions Exec { get; set; } = new();

    /// <summary>Timeout of one <c>grep</c> call (regex matching included), in milliseconds.</summary>
    public int GrepTimeoutMs { get; set; } = 30_000;
}
