namespace ScriptHarness.ScriptRuntime.Errors;

/// <summary>Stable wire codes and retry hints of <see cref="ScriptErrorCode"/>.</summary>
public static class ScriptErrorCodes
{
    /// <summary>The stable kebab-case code, e.g. <c>limit-exceeded</c>.</summary>
    public static string ToCode(this ScriptErrorCode code) => code switch
    {
        ScriptErrorCode.Parse => "parse",
        ScriptErrorCode.Syntax => "syntax",
        ScriptErrorCode.TypescriptSyntax => "typescript-syntax",
        ScriptErrorCode.SandboxViolation => "sandbox-violation",
        ScriptErrorCode.LimitExceeded => "limit-exceeded",
        ScriptErrorCode.ToolValidation => "tool-validation",
        ScriptErrorCode.ToolFailed => "tool-failed",
        ScriptErrorCode.ApprovalDenied => "approval-denied",
        ScriptErrorCode.ApprovalExpired => "approval-expired",
        ScriptErrorCode.Cancelled => "cancelled",
        ScriptErrorCode.NonDeterminism => "non-determinism",
        ScriptErrorCode.Internal => "internal",
        ScriptErrorCode.RuntimeError => "runtime-error",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown error code."),
    };

    /// <summary>Parses a stable code back; false for an unknown code.</summary>
    public static bool TryParse(string? code, out ScriptErrorCode value)
    {
        foreach (ScriptErrorCode candidate in Enum.GetValues<ScriptErrorCode>())
        {
            if (string.Equals(candidate.ToCode(), code, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Whether retrying the same thing can help by default: a tool failure or an expired approval
    /// may succeed next time; a syntax error or a denial will not.
    /// </summary>
    public static bool IsRetryableByDefault(this ScriptErrorCode code) => code is
        ScriptErrorCode.ToolFailed or ScriptErrorCode.ApprovalExpired or ScriptErrorCode.Internal;
}
