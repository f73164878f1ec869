using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.ScriptRuntime.Serialization;

/// <summary>
/// The text a model reads as the output of one script: status, return value, logs, one line per
/// tool call, and the error with its code, message and whether retrying can help. The model-facing
/// serializer (the Host renders reports for a terminal apart from it).
/// </summary>
public static class ModelReportFormatter
{
    /// <summary>JSON written for the model: compact, with no needless escaping of &lt;, &gt;, &amp; or quotes.</summary>
    internal static readonly JsonSerializerOptions ModelJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Formats <paramref name="report"/>; <paramref name="failedEarlier"/> names the 1-based block that stopped this one, if any.</summary>
    public static string Format(ScriptRunReport report, int? failedEarlier = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("status: ").Append(StatusCode(report.Status)).Append('\n');
        if (report.Status == ScriptRunStatus.NotRun)
        {
            text.Append(failedEarlier is int block
                ? $"This script did not run because script {block} of this message failed.\n"
                : "This script did not run.\n");
            return text.ToString().TrimEnd('\n');
        }

        if (report.Status == ScriptRunStatus.Completed)
        {
            text.Append("result: ").Append(report.Result is JsonElement result && result.ValueKind != JsonValueKind.Undefined
                ? JsonSerializer.Serialize(result, ModelJson)
                : "undefined (the script returned nothing)").Append('\n');
        }

        if (report.Logs.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"logs ({report.Logs.Count}{(report.LogsTruncated ? ", truncated at the limit" : string.Empty)}):\n");
            foreach (ConsoleEntry entry in report.Logs)
            {
                text.Append('[').Append(entry.Level.ToString().ToLowerInvariant()).Append("] ").Append(entry.Message).Append('\n');
            }
        }

        if (report.Calls.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"calls ({report.Calls.Count}):\n");
            foreach (ToolCallRecord call in report.Calls)
            {
                text.Append(CultureInfo.InvariantCulture, $"#{call.Id} {(call.Spawned ? "spawn." : string.Empty)}{call.Tool} (line {call.Line}, column {call.Column}): {CallStatus(call.Status)}");
                if (call.Reused)
                {
                    text.Append(", reused from the earlier run (not run again)");
                }
                else if (call.DurationMs is double ms)
                {
                    text.Append(CultureInfo.InvariantCulture, $", {ms:0.#} ms");
                }

                if (call.Attempts is > 1 and int attempts)
                {
                    text.Append(CultureInfo.InvariantCulture, $", after {attempts} attempts (transient failures retried)");
                }

                if (call.Error is ScriptError callError)
                {
                    text.Append(": ").Append(Describe(callError));
                }

                text.Append('\n');
            }
        }

        if (report.Error is ScriptError error)
        {
            text.Append("error: ").Append(Describe(error)).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>The wire name of a run status: <c>completed</c>, <c>failed</c>, <c>cancelled</c>, <c>not-run</c>.</summary>
    public static string StatusCode(ScriptRunStatus status) => status switch
    {
        ScriptRunStatus.Completed => "completed",
        ScriptRunStatus.Failed => "failed",
        ScriptRunStatus.Cancelled => "cancelled",
        ScriptRunStatus.NotRun => "not-run",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown run status."),
    };

    private static string CallStatus(ToolCallStatus status) => status switch
    {
        ToolCallStatus.Ok => "ok",
        ToolCallStatus.Failed => "failed",
        ToolCallStatus.Denied => "denied",
        ToolCallStatus.TimedOut => "approval timed out",
        ToolCallStatus.Cancelled => "cancelled",
        ToolCallStatus.NotReached => "not reached",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown call status."),
    };

    // code (limit, position, retry hint): message
    private static string Describe(ScriptError error)
    {
        var details = new List<string>();
        if (error.Limit is ScriptLimit limit)
        {
            details.Add(JsonNamingPolicy.KebabCaseLower.ConvertName(limit.ToString()));
        }

        if (error.Line is int line)
        {
            details.Add(error.Column is int column ? $"line {line}, column {column}" : $"line {line}");
        }

        if (error.Detail is string detail)
        {
            details.Add(detail);
        }

        details.Add(error.Retryable ? "retryable" : "not retryable");
        return $"{error.Code.ToCode()} ({string.Join(", ", details)}): {error.Message}";
    }
}
