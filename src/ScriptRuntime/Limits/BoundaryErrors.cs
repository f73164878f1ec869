using Jint.Native;
using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.ScriptRuntime.Limits;

/// <summary>
/// The errors of data that cannot cross the sandbox boundary: nested too deeply for the
/// harness to serialize, or holding a lone surrogate. One wording per crossing.
/// </summary>
internal static class BoundaryErrors
{
    private const string StackExhausted = "Maximum call stack size exceeded";

    /// <summary>
    /// Whether <paramref name="thrown"/> is the <c>RangeError</c> Jint's stack guard raises when
    /// the native stack runs low (deep recursion, or deep data walked by a built-in).
    /// </summary>
    public static bool IsStackExhausted(JsValue thrown) =>
        thrown is Jint.Native.Error.ErrorInstance error
        && error.Get("name").ToString() == "RangeError"
        && error.Get("message").ToString().StartsWith(StackExhausted, StringComparison.Ordinal);

    /// <summary>
    /// The same test on the exception, without calling into the engine: usable in an exception
    /// filter, which runs on top of the frames that exhausted the stack.
    /// </summary>
    public static bool IsStackExhausted(Jint.Runtime.JavaScriptException exception) =>
        exception.Error is Jint.Native.Error.ErrorInstance && exception.Message.StartsWith(StackExhausted, StringComparison.Ordinal);

    /// <summary>Data nested deeper than <see cref="ScriptLimits.MaxNestingDepth"/> (or too deep for the stack to walk).</summary>
    public static ScriptError TooDeep(string what, int maxDepth) =>
        ScriptError.LimitExceeded(
            ScriptLimit.NestingDepth,
            $"{what} nests objects or arrays deeper than {maxDepth} levels, the most the harness serializes. Flatten the data (e.g. a list of records instead of a chain of nested objects).");

    /// <summary>Data holding a lone surrogate.</summary>
    public static ScriptError LoneSurrogate(ScriptErrorCode code, string what) =>
        ScriptError.Create(
            code,
            $"{what} holds a string with a lone surrogate (half of a UTF-16 pair, such as '\\ud800' alone), which is not valid text. Remove it or encode the data another way (e.g. as hex).");

    /// <summary>The error for <paramref name="problem"/> found in <paramref name="what"/>; null when there is none.</summary>
    public static ScriptError? For(JsonShapeProblem problem, string what, int maxDepth, ScriptErrorCode surrogateCode) => problem switch
    {
        JsonShapeProblem.TooDeep => TooDeep(what, maxDepth),
        JsonShapeProblem.LoneSurrogate => LoneSurrogate(surrogateCode, what),
        _ => null,
    };
}
