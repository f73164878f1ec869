using System.Collections.Concurrent;
using Jint;
using ScriptHarness.ScriptRuntime.Facade;
using ScriptHarness.ScriptRuntime.Scripts;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>
/// Parsed scripts, shared by runs of the same text in this process. An orchestration replays its
/// script at every episode; parsing it once saves the parse on each replay. A prepared script is
/// immutable and Jint supports evaluating it in many engines. Bounded: cleared when full.
/// </summary>
internal static class PreparedScripts
{
    private const int Capacity = 256;

    private static readonly ConcurrentDictionary<(int RegexTimeoutMs, string Script), Prepared<Acornima.Ast.Script>> Cache = new();

    /// <summary>Parses (or reuses) <paramref name="script"/> wrapped as an async function.</summary>
    /// <exception cref="ScriptPreparationException">The script is not valid JavaScript.</exception>
    public static Prepared<Acornima.Ast.Script> Get(string script, int regexTimeoutMs)
    {
        if (Cache.TryGetValue((regexTimeoutMs, script), out Prepared<Acornima.Ast.Script> cached))
        {
            return cached;
        }

        Prepared<Acornima.Ast.Script> prepared = Engine.PrepareScript(ScriptWrapper.Wrap(script), CallSite.SourceName, strict: true, new ScriptPreparationOptions
        {
            // Regex literals are compiled at parse time, so their backtracking bound is set here.
            ParsingOptions = new ScriptParsingOptions { RegexTimeout = TimeSpan.FromMilliseconds(regexTimeoutMs) },
        });
        if (Cache.Count >= Capacity)
        {
            Cache.Clear();
        }

        Cache[(regexTimeoutMs, script)] = prepared;
        return prepared;
    }
}
