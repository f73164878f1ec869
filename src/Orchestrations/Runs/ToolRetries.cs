using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The retry policies a new run pins in its input: each tool's own (<see cref="ToolDescriptor.Retry"/>),
/// overridden by host.json <c>orchestrations:toolRetries</c>. A policy that allows one attempt and
/// sets no attempt timeout is no policy, so it is left out.
/// </summary>
internal static class ToolRetries
{
    /// <summary>The policies by tool name, or null when no tool has one (the run's input then omits the field).</summary>
    /// <param name="tools">The worker's tools, or null when this process does not know them (only the overrides are pinned).</param>
    /// <param name="overrides">host.json <c>orchestrations:toolRetries</c>.</param>
    public static IReadOnlyDictionary<string, ToolRetryPolicy>? Pin(IEnumerable<ToolDescriptor>? tools, IReadOnlyDictionary<string, ToolRetryPolicy> overrides)
    {
        SortedDictionary<string, ToolRetryPolicy> pinned = new(StringComparer.Ordinal);
        foreach (ToolDescriptor tool in tools ?? [])
        {
            if ((overrides.GetValueOrDefault(tool.Name) ?? tool.Retry) is { } policy)
            {
                pinned[tool.Name] = policy;
            }
        }

        if (tools is null)
        {
            foreach ((string name, ToolRetryPolicy policy) in overrides)
            {
                pinned[name] = policy;
            }
        }

        Dictionary<string, ToolRetryPolicy> effective = pinned.Where(p => p.Value.Attempts > 1 || p.Value.AttemptTimeoutMs is not null).ToDictionary(StringComparer.Ordinal);
        return effective.Count == 0 ? null : effective;
    }
}
