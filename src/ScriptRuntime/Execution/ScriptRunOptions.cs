using System.Text.Json;
using ScriptHarness.ScriptRuntime.Limits;
using ScriptHarness.ScriptRuntime.Tools;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>Everything one run needs besides the script: tools, limits, replay-safe inputs, policy hook.</summary>
public sealed class ScriptRunOptions
{
    /// <summary>The tools the script may call, as <c>tools.&lt;Name&gt;</c>.</summary>
    public IReadOnlyList<ToolDescriptor> Tools { get; init; } = [];

    /// <summary>The run's limits (copied at start).</summary>
    public ScriptLimits Limits { get; init; } = new();

    /// <summary>The script's <c>context</c> object (deeply frozen); an empty object when null.</summary>
    public JsonElement? Context { get; init; }

    /// <summary>
    /// The only clock the script sees (<c>Date.now()</c>, <c>new Date()</c>). An orchestrator passes
    /// its replay-safe current time. Defaults to a fixed instant so nothing real leaks in.
    /// </summary>
    public Func<DateTimeOffset> Clock { get; init; } = static () => DateTimeOffset.UnixEpoch;

    /// <summary>Seed of <c>Math.random()</c>; the same seed yields the same numbers.</summary>
    public ulong RandomSeed { get; init; }

    /// <summary>Optional synchronous policy hook asked once per call before dispatch.</summary>
    public Func<ToolCallRequest, ToolCallGate>? Gate { get; init; }

    /// <summary>
    /// Receives each <c>context.emitProgress(message)</c> of the script, the message converted to
    /// text. When null the script has no <c>context.emitProgress</c>. Rate limits are the
    /// receiver's business; it must be replay-safe (called again, in the same order, on replay).
    /// </summary>
    public Action<string>? Progress { get; init; }
}
