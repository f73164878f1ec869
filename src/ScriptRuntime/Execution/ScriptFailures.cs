using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using ScriptHarness.ScriptRuntime.Errors;
using ScriptHarness.ScriptRuntime.Facade;
using ScriptHarness.ScriptRuntime.Limits;

namespace ScriptHarness.ScriptRuntime.Execution;

/// <summary>Maps what can escape the interpreter, and what a script rejects with, onto the taxonomy.</summary>
internal static class ScriptFailures
{
    private const string StringCompilationMarker = "String compilation has been disabled";

    public static ScriptError FromException(Exception exception, ScriptLimits limits) => exception switch
    {
        LimitExceededException limit => ScriptError.LimitExceeded(limit.Limit, limit.Message),
        RecursionDepthOverflowException => ScriptError.LimitExceeded(
            ScriptLimit.RecursionDepth,
            $"The script nested function calls deeper than {limits.MaxRecursionDepth}. Use a loop instead of deep recursion."),
        InsufficientExecutionStackException => ScriptError.LimitExceeded(
            ScriptLimit.RecursionDepth,
            "The script nested too deeply for the interpreter's stack. Use a loop instead of deep recursion."),
        StatementsCountOverflowException => ScriptError.LimitExceeded(
            ScriptLimit.Statements,
            $"The script executed more than {limits.MaxStatements} statements."),
        // A single huge request (a 2 GB string or buffer) fails before anything is allocated.
        OutOfMemoryException or InsufficientMemoryException => ScriptError.LimitExceeded(
            ScriptLimit.Memory,
            $"The script asked for more memory in one allocation than a run may use ({limits.MemoryBytes / (1024 * 1024)} MB)."),
        MemoryLimitExceededException => ScriptError.LimitExceeded(
            ScriptLimit.Memory,
            $"The script allocated more than {limits.MemoryBytes / (1024 * 1024)} MB."),
        RegexMatchTimeoutException => ScriptError.LimitExceeded(
            ScriptLimit.ExecutionTime,
            "A regular expression ran out of the script's execution time (catastrophic backtracking). Simplify the pattern."),
        TimeoutException => ScriptError.LimitExceeded(
            ScriptLimit.ExecutionTime,
            $"The script ran for more than {limits.ExecutionTimeMs} ms of interpreter time."),
        JavaScriptException js => FromRejection(js.Error),
        ScriptException script => script.Error,
        InvalidOperationException invalid when invalid.Message.Contains("Module", StringComparison.OrdinalIgnoreCase) =>
            ScriptError.Create(ScriptErrorCode.SandboxViolation, "Modules are not available: import and require do not exist in scripts. Use the tools object."),
        _ => ScriptError.Create(ScriptErrorCode.Internal, $"The script runtime failed ({exception.GetType().Name}): {exception.Message}"),
    };

    /// <summary>The error of a script whose promise rejected with <paramref name="reason"/>.</summary>
    public static ScriptError FromRejection(JsValue reason)
    {
        (int? line, int? column) = Position(reason);
        if (ScriptErrorObjects.ReadCode(reason) is { } code && reason is ObjectInstance tagged)
        {
            ScriptError carried = new(code, tagged.Get("message").ToString(), tagged.Get("retryable") is JsBoolean { } retry && JsBoolean.True.Equals(retry))
            {
                Limit = tagged.Get("limit") is JsString limit && Enum.TryParse(limit.ToString(), ignoreCase: true, out ScriptLimit parsed) ? parsed : null,
                Detail = tagged.Get("reason") is JsString reasonText ? reasonText.ToString() : null,
            };
            return carried with { Line = line, Column = column };
        }

        if (BoundaryErrors.IsStackExhausted(reason))
        {
            // Jint's stack guard: catchable inside the script, a limit when it reaches the top.
            return ScriptError.LimitExceeded(
                ScriptLimit.RecursionDepth,
                "Uncaught RangeError: Maximum call stack size exceeded. The script recursed, or had a built-in walk data nested, deeper than the interpreter's stack allows. Use a loop instead of deep recursion, and flatten deeply nested data.") with { Line = line, Column = column };
        }

        string message = Describe(reason);
        ScriptErrorCode errorCode = message.Contains(StringCompilationMarker, StringComparison.Ordinal)
            ? ScriptErrorCode.SandboxViolation
            : ScriptErrorCode.RuntimeError;
        string text = errorCode == ScriptErrorCode.SandboxViolation
            ? $"Uncaught {message}: eval, Function and other string compilation are not available in scripts."
            : $"Uncaught {message}";
        return ScriptError.Create(errorCode, text) with { Line = line, Column = column };
    }

    private static string Describe(JsValue reason)
    {
        if (reason is Jint.Native.Error.ErrorInstance error)
        {
            return $"{error.Get("name")}: {error.Get("message")}";
        }

        return reason.IsString() ? reason.AsString() : reason.ToString();
    }

    private static (int? Line, int? Column) Position(JsValue reason)
    {
        if (reason is ObjectInstance obj && obj.Get("stack") is JsString stack)
        {
            (int line, int column) = CallSite.Parse(stack.ToString());
            if (line > 0)
            {
                return (line, column);
            }
        }

        return (null, null);
    }

    /// <summary>Report status of a call from the error it ended with.</summary>
    public static Reports.ToolCallStatus StatusOf(ScriptError error) => error.Code switch
    {
        ScriptErrorCode.ApprovalDenied => Reports.ToolCallStatus.Denied,
        ScriptErrorCode.ApprovalExpired => Reports.ToolCallStatus.TimedOut,
        ScriptErrorCode.Cancelled => Reports.ToolCallStatus.Cancelled,
        _ => Reports.ToolCallStatus.Failed,
    };
}
