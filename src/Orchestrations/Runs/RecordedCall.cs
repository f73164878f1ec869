using System.Text.Json;
using System.Text.Json.Serialization;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Orchestrations.Runs;

/// <summary>One completed call of an earlier run: what the tool was asked and what it answered.</summary>
/// <param name="CallId">The call's id in the earlier run.</param>
/// <param name="Tool">The tool's name.</param>
/// <param name="Args">The arguments as the script passed them.</param>
public sealed record RecordedCall(int CallId, string Tool, JsonElement Args)
{
    /// <summary>The tool's result, when it succeeded.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Result { get; init; }

    /// <summary>The typed error the tool failed with, when it failed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScriptError? Error { get; init; }
}
