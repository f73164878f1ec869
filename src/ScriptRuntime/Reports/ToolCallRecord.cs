using System.Text.Json;
using System.Text.Json.Serialization;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Reports;

/// <summary>One tool call of a run, as the report lists it.</summary>
/// <param name="Id">The call sequence number: 1-based, in the order the script made the calls.</param>
/// <param name="Tool">The tool's script-facing name.</param>
/// <param name="Args">The arguments as the script passed them.</param>
/// <param name="Status">How the call ended.</param>
public sealed record ToolCallRecord(
    int Id,
    string Tool,
    JsonElement Args,
    [property: JsonConverter(typeof(JsonStringEnumConverter<ToolCallStatus>))] ToolCallStatus Status)
{
    /// <summary>1-based line of the call in the script.</summary>
    public int Line { get; init; }

    /// <summary>1-based column of the call in the script.</summary>
    public int Column { get; init; }

    /// <summary>Whether the call was started with <c>tools.spawn</c>.</summary>
    public bool Spawned { get; init; }

    /// <summary>Time from the call's start to its settlement, when it started.</summary>
    public double? DurationMs { get; init; }

    /// <summary>
    /// Whether the call was not run again: a continued run reused the outcome the earlier run
    /// recorded for the same tool and arguments. Omitted from JSON when false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Reused { get; init; }

    /// <summary>
    /// How many attempts the call took when the tool's retry policy tried it more than once
    /// (transient failures retried); omitted from JSON otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Attempts { get; init; }

    /// <summary>Why the call did not succeed.</summary>
    public ScriptError? Error { get; init; }
}
