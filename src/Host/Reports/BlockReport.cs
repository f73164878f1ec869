using System.Text.Json;
using System.Text.Json.Serialization;
using ScriptHarness.Orchestrations.Runs;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Reports;

namespace ScriptHarness.Host.Reports;

/// <summary>
/// What the CLI prints (one JSON line with <c>--json</c>) and the HTTP API returns for one block
/// of a turn: its run, how it ended, the script's result, logs, calls and error.
/// </summary>
/// <param name="Block">The block's index in the model output.</param>
/// <param name="InstanceId">The run's instance id; null when no run was started.</param>
/// <param name="Status"><c>completed</c>, <c>failed</c>, <c>cancelled</c>, <c>not-run</c>, <c>refused</c> (before any run started) or <c>running</c>.</param>
internal sealed record BlockReport(int Block, string? InstanceId, string Status)
{
    /// <summary>The script's return value.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>Captured console output.</summary>
    public IReadOnlyList<ConsoleEntry> Logs { get; init; } = [];

    /// <summary>Every call the script made.</summary>
    public IReadOnlyList<ToolCallRecord> Calls { get; init; } = [];

    /// <summary>The approvals the policy asked for, with who decided.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CallApproval>? Approvals { get; init; }

    /// <summary>Whether it was a dry run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool DryRun { get; init; }

    /// <summary>Why it failed, was cancelled or refused.</summary>
    public ReportError? Error { get; init; }

    /// <summary>The report of a finished run.</summary>
    public static BlockReport FromOutput(int block, string instanceId, ScriptRunOutput output)
    {
        ScriptRunReport report = output.Report;
        return new BlockReport(block, instanceId, StatusName(report.Status))
        {
            Result = report.Result,
            Logs = report.Logs,
            Calls = report.Calls,
            Approvals = output.Approvals.Count == 0 ? null : output.Approvals,
            DryRun = output.DryRun,
            Error = report.Error is null ? null : ReportError.From(report.Error),
        };
    }

    /// <summary>A block refused before any run started.</summary>
    public static BlockReport Refused(int block, ReportError error) => new(block, null, "refused") { Error = error };

    /// <summary>The stable name of a report status.</summary>
    public static string StatusName(ScriptRunStatus status) => status switch
    {
        ScriptRunStatus.Completed => "completed",
        ScriptRunStatus.Failed => "failed",
        ScriptRunStatus.Cancelled => "cancelled",
        _ => NotRun,
    };

    /// <summary>The status of a block that did not run (kebab case; JSON lines written before the HTTP contract was made kebab case throughout spell it <c>notRun</c>).</summary>
    public const string NotRun = "not-run";

    /// <summary>Whether <paramref name="status"/> says the block did not run, in either spelling.</summary>
    public static bool IsNotRun(string status) => status is NotRun or "notRun";
}

/// <summary>A typed error as reports show it: a stable code, a message, and where.</summary>
/// <param name="Code">The stable kebab-case code (a script error code, or <c>no-script</c>, <c>feature-disabled</c>, <c>configuration</c>, <c>harness-fault</c>, <c>terminated</c>).</param>
/// <param name="Message">What went wrong.</param>
internal sealed record ReportError(string Code, string Message)
{
    /// <summary>Whether retrying can help.</summary>
    public bool Retryable { get; init; }

    /// <summary>1-based line in the script.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Line { get; init; }

    /// <summary>1-based column in the script.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Column { get; init; }

    /// <summary>The limit hit, or a tool-specific detail.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }

    /// <summary>From a script error.</summary>
    public static ReportError From(ScriptError error) => new(error.Code.ToCode(), error.Message)
    {
        Retryable = error.Retryable,
        Line = error.Line,
        Column = error.Column,
        Detail = error.Detail ?? error.Limit?.ToString(),
    };
}
