namespace ScriptHarness.ScriptRuntime.Errors;

/// <summary>
/// The one error taxonomy of a script run. Each member serializes to a stable kebab-case code
/// (see <see cref="ScriptErrorCodes"/>) that clients and models may depend on.
/// </summary>
public enum ScriptErrorCode
{
    /// <summary>The model output could not be split into scripts (unclosed, nested or empty tags; too large).</summary>
    Parse,

    /// <summary>The script is not valid JavaScript.</summary>
    Syntax,

    /// <summary>The script uses TypeScript-only syntax; the model must write plain JavaScript.</summary>
    TypescriptSyntax,

    /// <summary>The script tried to leave the sandbox (CLR access, string compilation, import, tampering).</summary>
    SandboxViolation,

    /// <summary>The script hit one of the run's limits; <see cref="ScriptError.Limit"/> says which.</summary>
    LimitExceeded,

    /// <summary>A tool was called with arguments that do not match its schema, or an unknown tool was named.</summary>
    ToolValidation,

    /// <summary>A tool ran and failed.</summary>
    ToolFailed,

    /// <summary>A human (or the policy) denied the tool call.</summary>
    ApprovalDenied,

    /// <summary>Nobody decided on the tool call before its approval expired.</summary>
    ApprovalExpired,

    /// <summary>The call or run was cancelled (not awaited, terminated, or cancelled by the script).</summary>
    Cancelled,

    /// <summary>A replay diverged from the recorded history.</summary>
    NonDeterminism,

    /// <summary>A fault of the harness itself.</summary>
    Internal,

    /// <summary>The script threw (or rejected with) a value it did not catch, or returned a value that is not JSON.</summary>
    RuntimeError,
}
