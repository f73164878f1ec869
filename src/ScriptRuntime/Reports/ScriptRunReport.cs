using System.Text.Json;
using System.Text.Json.Serialization;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Reports;

/// <summary>
/// What a script run gives back to the model and the audit trail: how it ended, the return
/// value, captured logs and one record per tool call.
/// </summary>
/// <param name="Status">How the run ended.</param>
public sealed record ScriptRunReport(
    [property: JsonConverter(typeof(JsonStringEnumConverter<ScriptRunStatus>))] ScriptRunStatus Status)
{
    /// <summary>The script's return value as JSON; null when it returned nothing or failed.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>Captured console output, in order.</summary>
    public IReadOnlyList<ConsoleEntry> Logs { get; init; } = [];

    /// <summary>Whether console output was cut at the limit.</summary>
    public bool LogsTruncated { get; init; }

    /// <summary>Every call the script made, by call sequence.</summary>
    public IReadOnlyList<ToolCallRecord> Calls { get; init; } = [];

    /// <summary>Why the run failed or was cancelled.</summary>
    public ScriptError? Error { get; init; }
}
