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
    public static ToolOutcome Apply(ToolOutcome outcome, ToolCallRequest call, int maxBytes)
    {
        if (outcome.Result is not { } result)
        {
            return outcome;
        }

        // The element already holds its raw UTF-8 JSON: measuring it copies and serializes nothing.
        int size = JsonMarshal.GetRawUtf8Value(result).Length;
        return size <= maxBytes
            ? outcome
            : ToolOutcome.Failure(SizeLimitErrors.ToolResultSize(call.Tool, call.CallSeq, size, maxBytes), outcome.DurationMs);
    }
}
