using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Limits;

/// <summary>
/// The <c>limit-exceeded</c> errors of the size limits that are checked before anything runs or
/// reaches the script, one wording each wherever the limit is detected: the size, the limit, and
/// what the model should do instead.
/// </summary>
internal static class SizeLimitErrors
{
    /// <summary>A script over <see cref="ScriptLimits.MaxScriptBytes"/>; <paramref name="blockIndex"/> (0-based) names the block when it came from model text.</summary>
    public static ScriptError ScriptSize(int bytes, int limit, int? blockIndex = null) =>
        ScriptError.LimitExceeded(
            ScriptLimit.ScriptSize,
            $"{(blockIndex is { } index ? $"Script block {index + 1}" : "The script")} is {bytes} bytes; a script may be at most {limit} bytes. " +
            "Split the work into several smaller scripts, or let tools read large data instead of inlining it.");

    /// <summary>A tool result over <see cref="ScriptLimits.MaxToolResultBytes"/>.</summary>
    public static ScriptError ToolResultSize(string tool, int callId, int bytes, int limit) =>
        ScriptError.LimitExceeded(
            ScriptLimit.ToolResultSize,
            $"The result of tools.{tool} (call {callId}) is {bytes} bytes of JSON; a tool result may be at most {limit} bytes, so it was not delivered. " +
            "Ask for less: a narrower path, a line range, a smaller grep (a tighter pattern, fewer files or fewer matches), or fewer items per call.");
}
