using System.Text.Json;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>A tool call the script made and the host must now run (or the policy hook must judge).</summary>
/// <param name="CallId">1-based sequence number in the order the script made its calls; stable across replays.</param>
/// <param name="Tool">The tool's script-facing name.</param>
/// <param name="Args">The validated arguments (a JSON object or other JSON value the schema allows).</param>
/// <param name="Line">1-based line of the call in the script (0 when unknown).</param>
/// <param name="Column">1-based column of the call in the script (0 when unknown).</param>
/// <param name="Spawned">Whether the script started it with <c>tools.spawn</c> (detached: not cancelled when the script returns).</param>
public sealed record ToolCallRequest(int CallId, string Tool, JsonElement Args, int Line, int Column, bool Spawned);
