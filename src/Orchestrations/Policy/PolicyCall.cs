using System.Text.Json;

namespace ScriptHarness.Orchestrations.Policy;

/// <summary>The tool call a policy judges: the tool, its validated arguments and the run's workspace.</summary>
/// <param name="Tool">The tool's script-facing name.</param>
/// <param name="Args">The arguments as the script passed them.</param>
/// <param name="Workspace">The run's workspace root (absolute); relative paths resolve against it.</param>
public sealed record PolicyCall(string Tool, JsonElement Args, string Workspace);
