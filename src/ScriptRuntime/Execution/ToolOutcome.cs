using System.Text.Json;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>How one dispatched call ended, as the host reports it to <see cref="ScriptRun.Settle"/>.</summary>
public sealed record ToolOutcome
{
    private ToolOutcome(JsonElement? result, ScriptError? error, double? durationMs)
    {
        this.Result = result;
        this.Error = error;
        this.DurationMs = durationMs;
    }

    /// <summary>The tool's result, for a success.</summary>
    public JsonElement? Result { get; }

    /// <summary>Why the call did not succeed (tool-failed, approval-denied, approval-expired, cancelled, …).</summary>
    public ScriptError? Error { get; }

    /// <summary>How long the call took, as the host measured it (the step machine never reads a clock).</summary>
    public double? DurationMs { get; }

    /// <summary>
    /// Whether the outcome was recorded by an earlier run and reused instead of calling the tool
    /// again (a continued run); the report marks the call.
    /// </summary>
    public bool Reused { get; init; }

    /// <summary>How many attempts the call took, when a retry policy let it take more than one; null otherwise.</summary>
    public int? Attempts { get; init; }

    /// <summary>Whether the call succeeded.</summary>
    public bool IsSuccess => this.Error is null;

    /// <summary>The call returned <paramref name="result"/>.</summary>
    public static ToolOutcome Success(JsonElement result, double? durationMs = null) => new(result.Clone(), null, durationMs);

    /// <summary>The call failed with <paramref name="error"/>.</summary>
    public static ToolOutcome Failure(ScriptError error, double? durationMs = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(null, error, durationMs);
    }

    /// <summary>The call was cancelled before it returned a result.</summary>
    public static ToolOutcome Cancelled(string message = "The call was cancelled.", double? durationMs = null) =>
        Failure(ScriptError.Create(ScriptErrorCode.Cancelled, message), durationMs);
}
