using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>
/// The tools one run sees: the worker's descriptors of the names the run's input recorded when
/// it started, in that order, so a tool registered after the run started never appears in its
/// <c>tools</c> facade or its context on a replay.
/// </summary>
internal static class RunTools
{
    /// <summary>Selects the run's tools; every worker tool when the input recorded no list.</summary>
    /// <exception cref="RunToolMissingException">A tool the run started with is not registered on this worker.</exception>
    public static IReadOnlyList<ToolDescriptor> Select(IReadOnlyList<ToolDescriptor> worker, IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            return worker;
        }

        Dictionary<string, ToolDescriptor> byName = worker.ToDictionary(t => t.Name, StringComparer.Ordinal);
        List<string> missing = [.. names.Where(n => !byName.ContainsKey(n))];
        if (missing.Count > 0)
        {
            throw new RunToolMissingException(missing);
        }

        return [.. names.Select(n => byName[n])];
    }
}
