using System.Runtime.InteropServices;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>
/// Enforces <see cref="ScriptLimits.MaxToolResultBytes"/> where every call is settled, so the
/// in-process driver, the durable orchestrator and host-resolved results all get the same check.
/// </summary>
internal static class ToolResultLimit
{
    /// <summary><paramref name="outcome"/> itself, or a <c>limit-exceeded</c> failure in its place when its result is too large.</summary>
    /// <remarks>
    /// The result's shape is checked too: one nested deeper than <paramref name="maxDepth"/> fails
    /// with <c>limit-exceeded</c> (<see cref="Errors.ScriptLimit.NestingDepth"/>) and one holding a lone
    /// surrogate with <c>tool-failed</c>, both catchable by the script, before the bridge into the
    /// engine (which recurses per level) reads it.
    /// </remarks>
    public static ToolOutcome Apply(ToolOutcome outcome, ToolCallRequest call, int maxBytes, int maxDepth)
    {
        if (outcome.Result is not { } result)
        {
            return outcome;
        }

        // The element already holds its raw UTF-8 JSON: measuring it copies and serializes nothing.
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(result);
        if (raw.Length > maxBytes)
        {
            return ToolOutcome.Failure(SizeLimitErrors.ToolResultSize(call.Tool, call.CallId, raw.Length, maxBytes), outcome.DurationMs) with { Reused = outcome.Reused, Attempts = outcome.Attempts };
        }

        return BoundaryErrors.For(JsonShape.Check(raw, maxDepth), $"The result of tools.{call.Tool} (call {call.CallId})", maxDepth, Errors.ScriptErrorCode.ToolFailed) is { } shapeError
            ? ToolOutcome.Failure(shapeError, outcome.DurationMs) with { Reused = outcome.Reused, Attempts = outcome.Attempts }
            : outcome;
    }
}
