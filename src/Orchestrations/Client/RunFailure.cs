using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScriptHarness.Durable.History;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Orchestrations.Client;

/// <summary>
/// Why a run's orchestration failed (a harness fault, never a script error), with our stable
/// code: <c>non-determinism</c> (a replay scheduled a different call than the history holds; the
/// call and both tool names are given), <c>version-mismatch</c>, <c>poison-quarantined</c> (its
/// episodes crashed the worker <c>durable:poisonEpisodeLimit</c> times; the store failed it and
/// dispatches it no more), or <c>internal</c>.
/// </summary>
/// <param name="Code">The stable code.</param>
/// <param name="Message">The framework's message.</param>
/// <param name="ErrorType">The failure's error type as the framework recorded it.</param>
public sealed partial record RunFailure(string Code, string Message, string? ErrorType)
{
    /// <summary>The code of a run refused for its version.</summary>
    public const string VersionMismatchCode = "version-mismatch";

    /// <summary>The code of a run ended by the framework's hard terminate (<c>terminate --force</c>): it has no report.</summary>
    public const string TerminatedCode = "terminated";

    /// <summary>For <c>non-determinism</c>: the call id (the same number as the HTTP API's <c>callId</c>) whose position diverged, when known.</summary>
    public int? CallId { get; init; }

    /// <summary>For <c>non-determinism</c>: the tool the history recorded at that position.</summary>
    public string? RecordedTool { get; init; }

    /// <summary>For <c>non-determinism</c>: what the replay scheduled instead, when it was a tool call.</summary>
    public string? ReplayedTool { get; init; }

    /// <summary>Maps a failure's type and message; <paramref name="history"/> lets the call sequence be found.</summary>
    public static RunFailure From(string? errorType, string? message, IReadOnlyList<DurableHistoryEvent>? history = null)
    {
        message ??= string.Empty;
        if (IsNonDeterminism(errorType, message))
        {
            Match task = TaskIdPattern().Match(message);
            Match recorded = RecordedNamePattern().Match(message);
            Match replayed = ReplayedNamePattern().Match(message);
            int? taskId = task.Success ? int.Parse(task.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            return new RunFailure(ScriptErrorCode.NonDeterminism.ToCode(), message, errorType)
            {
                CallId = taskId is { } id ? CallIdOf(history, id) : null,
                RecordedTool = recorded.Success ? recorded.Groups[1].Value : null,
                ReplayedTool = replayed.Success ? replayed.Groups[1].Value : null,
            };
        }

        if (errorType == PoisonQuarantine.ErrorType)
        {
            return new RunFailure(PoisonQuarantine.ErrorType, message, errorType);
        }

        // HarnessVersionMismatchException: the failure type recorded by builds before replay contracts.
        bool version = errorType is "VersionMismatch"
            || (errorType?.EndsWith(nameof(Runs.ReplayContractMismatchException), StringComparison.Ordinal) ?? false)
            || (errorType?.EndsWith("HarnessVersionMismatchException", StringComparison.Ordinal) ?? false);
        return new RunFailure(version ? VersionMismatchCode : ScriptErrorCode.Internal.ToCode(), message, errorType);
    }

    /// <summary>A run ended by the framework's hard terminate, with the terminate's reason.</summary>
    public static RunFailure Terminated(string? reason) =>
        new(TerminatedCode, string.IsNullOrEmpty(reason) ? "The run was terminated by force; it has no report." : reason, null);

    /// <summary>Whether a failure is the framework's non-determinism error.</summary>
    public static bool IsNonDeterminism(string? errorType, string? message) =>
        (errorType?.Contains("NonDeterministic", StringComparison.Ordinal) ?? false) ||
        (message?.Contains("Non-Deterministic workflow detected", StringComparison.Ordinal) ?? false);

    private static int? CallIdOf(IReadOnlyList<DurableHistoryEvent>? history, int taskId)
    {
        DurableHistoryEvent? scheduled = history?.FirstOrDefault(e => e.Type == "taskScheduled" && e.EventId == taskId);
        JsonNode? input = scheduled?.Input is JsonArray wrapped && wrapped.Count > 0 ? wrapped[0] : scheduled?.Input;
        return input is JsonObject invocation && invocation["CallSeq"] is JsonValue seq && seq.TryGetValue(out int value) ? value : null;
    }

    [GeneratedRegex(@"sequence (?:ID|number) (\d+)")]
    private static partial Regex TaskIdPattern();

    [GeneratedRegex(@"(?:and name|named) '([^']*)'")]
    private static partial Regex RecordedNamePattern();

    [GeneratedRegex(@"instead scheduled an activity task named '([^']*)'")]
    private static partial Regex ReplayedNamePattern();
}
