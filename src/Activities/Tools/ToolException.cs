using ScriptHarness.ScriptRuntime.Errors;

namespace ScriptHarness.Activities.Tools;

/// <summary>
/// An expected failure of a tool, carrying the typed <see cref="ScriptError"/> the script sees
/// (code <c>tool-failed</c>, <c>tool-validation</c> or <c>cancelled</c>, with a stable
/// <see cref="ScriptError.Detail"/> from <see cref="ToolErrorDetails"/>).
/// </summary>
public sealed class ToolException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public ToolException(ScriptError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        this.Error = error;
    }

    /// <summary>Creates the exception for <paramref name="error"/> with its cause.</summary>
    public ToolException(ScriptError error, Exception? innerException)
        : base(error?.Message, innerException)
    {
        ArgumentNullException.ThrowIfNull(error);
        this.Error = error;
    }

    /// <summary>The typed error.</summary>
    public ScriptError Error { get; }

    /// <summary>The stable detail code, e.g. <c>file-not-found</c>.</summary>
    public string? Detail => this.Error.Detail;

    /// <summary>A tool failure (<c>tool-failed</c>) with a detail code.</summary>
    public static ToolException Failed(string detail, string message, Exception? innerException = null) =>
        new(ScriptError.Create(ScriptErrorCode.ToolFailed, message) with { Detail = detail }, innerException);

    /// <summary>A failure that retrying the same call cannot fix (e.g. a path outside the workspace).</summary>
    public static ToolException Refused(string detail, string message) =>
        new(new ScriptError(ScriptErrorCode.ToolFailed, message, Retryable: false) { Detail = detail });

    /// <summary>Bad arguments (<c>tool-validation</c>) with a detail code.</summary>
    public static ToolException Invalid(string detail, string message) =>
        new(ScriptError.Create(ScriptErrorCode.ToolValidation, message) with { Detail = detail });

    /// <summary>The call was cancelled (<c>cancelled</c>).</summary>
    public static ToolException Cancelled(string message) =>
        new(ScriptError.Create(ScriptErrorCode.Cancelled, message) with { Detail = ToolErrorDetails.Cancelled });
}
