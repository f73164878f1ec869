using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Tests.ScriptRuntime.Serialization;

/// <summary>Fixed run reports for serializer tests.</summary>
internal static class SampleReports
{
    public static ScriptRunReport ListedTwoFiles() => new(ScriptRunStatus.Completed)
    {
        Result = Json("""{"count":2,"first":{"name":"a.txt","size":12}}"""),
        Logs = [new ConsoleEntry(ConsoleLevel.Log, "found 2 <entries>")],
        Calls = [new ToolCallRecord(1, "listDir", Json("""{"path":"."}"""), ToolCallStatus.Ok) { Line = 1, Column = 21, DurationMs = 3.5 }],
    };

    public static ScriptRunReport ReadmeMissing() => new(ScriptRunStatus.Failed)
    {
        Calls =
        [
            new ToolCallRecord(1, "readFile", Json("""{"path":"README.md"}"""), ToolCallStatus.Failed)
            {
                Line = 1,
                Column = 14,
                DurationMs = 1.25,
                Error = ScriptError.Create(ScriptErrorCode.ToolFailed, "README.md does not exist.") with { Detail = "file-not-found" },
            },
        ],
        Error = ScriptError.Create(ScriptErrorCode.ToolFailed, "Uncaught: README.md does not exist.") with { Line = 1, Column = 14 },
    };

    public static ScriptRunReport ReturnedNothingWithSpawn() => new(ScriptRunStatus.Completed)
    {
        Logs = [new ConsoleEntry(ConsoleLevel.Warn, "tests are slow")],
        LogsTruncated = true,
        Calls = [new ToolCallRecord(1, "exec", Json("""{"command":"npm test"}"""), ToolCallStatus.Cancelled)
        {
            Line = 2,
            Column = 1,
            Spawned = true,
            Error = ScriptError.Create(ScriptErrorCode.Cancelled, "The script ended without awaiting this call."),
        }],
    };

    public static JsonElement Json(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
