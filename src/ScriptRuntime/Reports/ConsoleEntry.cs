using System.Text.Json.Serialization;

namespace ScriptHarness.ScriptRuntime.Reports;

/// <summary>One captured console line.</summary>
/// <param name="Level">The console method.</param>
/// <param name="Message">The formatted arguments, space-separated.</param>
public sealed record ConsoleEntry(
    [property: JsonConverter(typeof(JsonStringEnumConverter<ConsoleLevel>))] ConsoleLevel Level,
    string Message);
